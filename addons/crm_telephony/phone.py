# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Phone numbers in E.164 and the caller look-up.

Every phone, mobile and fax contact mechanism keeps its number in E.164
(``+989121234567``) in the indexed ``value_e164`` column.  Local numbers are
read in the region of the company's country (Iran when unknown).  A PBX sends
numbers in many shapes (``09121234567``, ``+989121234567``,
``989121234567``, ``00989121234567``, ``9121234567``): ``e164_candidates``
turns any of them into the E.164 forms to look up with one indexed equality.
"""
import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from sql import Literal, Null

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import Index, ModelView, fields
from trytond.modules.crm_fin.tools import search_readable
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import InvalidPhoneNumber, TelephonyError

PHONE_TYPES = {'phone', 'mobile', 'fax'}
FALLBACK_REGION = 'IR'
# the party's form shows its last communications: a customer calling daily
# has thousands after a few years, and reading all of them (the ids of a
# One2Many) made his form take a second to open
RECENT = 20
_NON_DIGIT = re.compile(r'\D')
_region_cache = Cache('crm_telephony.default_region', duration=300)


def default_region():
    "Region of local numbers: the company's country, Iran when unknown"
    pool = Pool()
    company_id = Transaction().context.get('company')
    if not company_id:
        return FALLBACK_REGION
    region = _region_cache.get(company_id)
    if region is None:
        Company = pool.get('company.company')
        address = Company(company_id).party.address_get()
        region = (address.country.code
            if address and address.country else FALLBACK_REGION)
        _region_cache.set(company_id, region)
    return region


def e164_candidates(raw, region=None):
    """Return the valid E.164 numbers a dialled or received string may be

    The order is the most likely first; an empty list means the string is no
    valid phone number."""
    if not raw:
        return []
    text = str(raw).strip()
    digits = _NON_DIGIT.sub('', text)
    if not digits or len(digits) > 20:
        return []
    if region is None:
        region = default_region()
    if text.startswith('+'):
        texts = ['+' + digits]
    elif digits.startswith('00'):
        texts = ['+' + digits[2:]]
    elif digits.startswith('0'):
        texts = [digits]
    else:
        # a country code without "+" (989121234567) or a national number
        # without its trunk prefix (9121234567)
        texts = ['+' + digits, digits]
    result = []
    for text in texts:
        try:
            number = phonenumbers.parse(text, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            if e164 not in result:
                result.append(e164)
    return result


def to_e164(raw, region=None):
    "Return the E.164 form of raw or None when it is no valid number"
    candidates = e164_candidates(raw, region)
    return candidates[0] if candidates else None


class E164Mixin:
    """Keep ``number_e164``, the E.164 form of the record's ``number`` (None
    when it is no valid number), for the caller look-ups and the gateways"""
    __slots__ = ()
    number_e164 = fields.Char("E.164", readonly=True)

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        if field_names is None or 'number' in field_names:
            number = getattr(self, 'number', None)
            e164 = to_e164(number) if number else None
            if getattr(self, 'number_e164', None) != e164:
                values['number_e164'] = e164
        return values


class ContactMechanism(metaclass=PoolMeta):
    __name__ = 'party.contact_mechanism'
    value_e164 = fields.Char(
        "E.164", readonly=True,
        help="The phone number in international format, used to find the "
        "caller of an incoming call.")

    @classmethod
    def __setup__(cls):
        cls.value_e164.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.value_e164, Index.Equality(cardinality='high')),
                where=t.value_e164 != Null))

    @fields.depends('party', '_parent_party.addresses')
    def _phone_country_codes(self):
        yield from super()._phone_country_codes()
        yield default_region()

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        if field_names is None or {'value', 'type'} & field_names:
            value_e164 = None
            type_ = getattr(self, 'type', None)
            value = getattr(self, 'value', None)
            if type_ in PHONE_TYPES and value:
                number = self._parse_phonenumber(value)
                if number:
                    value_e164 = phonenumbers.format_number(
                        number, PhoneNumberFormat.E164)
            if getattr(self, 'value_e164', None) != value_e164:
                values['value_e164'] = value_e164
        return values

    @classmethod
    def check_valid_phonenumber(cls, mechanisms, field_names=None):
        if field_names and not (field_names & {'type', 'value'}):
            return
        for mechanism in mechanisms:
            if mechanism.type not in PHONE_TYPES:
                continue
            if not mechanism._parse_phonenumber(mechanism.value):
                raise InvalidPhoneNumber(gettext(
                        'crm_telephony.msg_invalid_phone_number',
                        phone=mechanism.value,
                        party=mechanism.party.rec_name))

    @classmethod
    def lookup_parties(cls, number, region=None):
        """Return the ids of the active parties owning number in any format,
        first created first.

        One indexed equality on value_e164 in plain SQL: the caller look-up
        runs on every ring (see benchmarks/caller_id.py)."""
        pool = Pool()
        Party = pool.get('party.party')
        candidates = e164_candidates(number, region)
        if not candidates:
            return []
        mechanism = cls.__table__()
        party = Party.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*mechanism.join(party,
                condition=mechanism.party == party.id).select(
                mechanism.party,
                where=mechanism.value_e164.in_(candidates)
                & mechanism.type.in_(sorted(PHONE_TYPES))
                & (mechanism.active == Literal(True))
                & (party.active == Literal(True)),
                order_by=[mechanism.party.asc]))
        ids = []
        for party_id, in cursor:
            if party_id not in ids:
                ids.append(party_id)
        return ids


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    party_type = fields.Selection([
            ('person', "Person"),
            ('organization', "Organization"),
            ], "Party Type", required=True,
        help="SMS are sent to persons (customers and company staff) only.")
    communications = fields.One2Many(
        'crm.communication', 'party', "Communications")
    recent_communications = fields.Function(fields.Many2Many(
            'crm.communication', None, None, "Recent Communications",
            help="The last %s calls, SMS and notes of the party; all of "
            "them: Communications in the form's relate menu." % RECENT),
        'get_recent_communications')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'dial': {
                    'invisible': ~Eval('phone') & ~Eval('mobile'),
                    'depends': ['phone', 'mobile'],
                    },
                })

    @classmethod
    def default_party_type(cls):
        return 'person'

    @classmethod
    def get_recent_communications(cls, parties, name):
        Communication = Pool().get('crm.communication')
        return {p.id: [c.id for c in search_readable(Communication,
                    [('party', '=', p.id)], limit=RECENT,
                    order=[('date', 'DESC'), ('id', 'DESC')])]
            for p in parties}

    @classmethod
    def search_rec_name(cls, name, clause):
        "A customer is also found by his number typed in any format"
        domain = super().search_rec_name(name, clause)
        _, operator, operand, *extra = clause
        if (operator in {'=', 'ilike', 'like'} and isinstance(operand, str)
                and domain and domain[0] == 'OR'):
            numbers = e164_candidates(operand.strip('%'))
            if numbers:
                domain = domain + [
                    ('contact_mechanisms.value_e164', 'in', numbers)]
        return domain

    @classmethod
    def find_by_phone(cls, number, region=None):
        "Parties owning the number (any format), first created first"
        pool = Pool()
        ContactMechanism = pool.get('party.contact_mechanism')
        return cls.browse(ContactMechanism.lookup_parties(number, region))

    def dial_number(self):
        return self.mobile or self.phone

    @classmethod
    @ModelView.button
    def dial(cls, parties):
        "Click-to-dial: ring the user's extension, then the party (AMI)"
        pool = Pool()
        Configuration = pool.get('crm.telephony.configuration')
        Communication = pool.get('crm.communication')
        User = pool.get('res.user')
        config = Configuration(1)
        user = User(Transaction().user)
        extension = user.phone_extension
        if not extension:
            raise TelephonyError(gettext(
                    'crm_telephony.msg_no_extension', user=user.rec_name))
        for party in parties:
            number = party.dial_number()
            if not number:
                continue
            call_id = config.originate(extension, to_e164(number) or number)
            Communication.create([{
                        'party': party.id,
                        'kind': 'call',
                        'direction': 'outgoing',
                        'number': number,
                        'extension': extension,
                        'call_id': call_id,
                        'user': user.id,
                        }])
