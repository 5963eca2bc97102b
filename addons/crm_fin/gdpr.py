# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Personal data under the GDPR (and Iran's data protection practice).

* **Special categories** (art. 9): the party's religion (used to choose
  greetings) is hidden, refused on write and blank on read unless the
  company enables special categories in the CRM configuration (where the
  law and the persons' explicit consent allow it), and it needs the date of
  the person's consent, recorded on the party.
* **Subject access** (art. 15, 20): the *Personal Data (JSON)* print of a
  party (CRM Manager) holds the party and every record about them that the
  addons list in ``Party._personal_data_models()``.
* **Erasure** (art. 17): Tryton's *Erase* wizard (party admin, CRM Manager)
  anonymises an archived party: upstream clears its name, addresses,
  contact mechanisms and identifiers (and their history); the suite adds
  its own fields (``to_erase``).  It is refused with the reason while the
  tax law keeps the party's invoices (``invoice_retention`` years after the
  end of the year of the latest posted invoice: 5 in Poland, art. 112 of
  the VAT act).
"""
import datetime
import json
from decimal import Decimal

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSQL, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.party.exceptions import EraseError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.report import Report
from trytond.transaction import (
    Transaction, inactive_records, without_check_access)

from .tools import format_date

# Fields of special categories of personal data (GDPR art. 9)
SPECIAL_FIELDS = {'religion'}
# Fields of the records that are not the person's data
_SKIPPED_FIELDS = {'create_uid', 'write_uid', 'write_date', 'rec_name',
    'last_modified_at', 'xml_id'}


class Configuration(CompanyMultiValueMixin, metaclass=PoolMeta):
    __name__ = 'crm.configuration'
    special_categories = fields.MultiValue(fields.Boolean(
            "Special Categories of Data",
            help="Record the religion of the persons who consented to it "
            "explicitly (GDPR art. 9), where the law allows it."))
    invoice_retention = fields.Integer(
        "Invoice Retention", required=True,
        domain=[('invoice_retention', '>=', 0)],
        help="Years the tax law keeps invoices after the end of their "
        "year: a party with such invoices cannot be erased.")

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'special_categories':
            return pool.get('crm.configuration.special_categories')
        return super().multivalue_model(field)

    @classmethod
    def default_invoice_retention(cls):
        return 5

    @classmethod
    def special_categories_enabled(cls):
        """Whether the company of the context records special categories
        (once per process and company: every customer's form asks)"""
        pool = Pool()
        Value = pool.get('crm.configuration.special_categories')
        company = Transaction().context.get('company')
        enabled = Value._enabled.get(company)
        if enabled is None:
            with without_check_access():
                enabled = bool(cls(1).get_multivalue(
                        'special_categories', company=company))
            Value._enabled.set(company, enabled)
        return enabled


class ConfigurationSpecialCategories(ModelSQL, CompanyValueMixin):
    "CRM Configuration Special Categories"
    __name__ = 'crm.configuration.special_categories'
    __string__ = "CRM Configuration Special Categories"
    special_categories = fields.Boolean("Special Categories of Data")
    _enabled = Cache(
        'crm.configuration.special_categories.enabled', context=False)

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        cls._enabled.clear()


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    special_categories = fields.Function(
        fields.Boolean("Special Categories of Data"),
        'get_special_categories')
    special_data_consent = fields.Date(
        "Consent to Special Data",
        states={
            'invisible': ~Eval('special_categories', False),
            },
        help="The day the person consented explicitly to the recording of "
        "their religion (GDPR art. 9).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for name in SPECIAL_FIELDS:
            field = getattr(cls, name)
            field.states = dict(field.states or {})
            field.states['invisible'] = ~Eval('special_categories', False)

    @classmethod
    def get_special_categories(cls, parties, name):
        Configuration = Pool().get('crm.configuration')
        enabled = Configuration.special_categories_enabled()
        return {p.id: enabled for p in parties}

    @classmethod
    def default_special_categories(cls):
        return Pool().get('crm.configuration').special_categories_enabled()

    @classmethod
    def read(cls, ids, fields_names):
        "Users read special categories only where the company records them"
        Configuration = Pool().get('crm.configuration')
        result = super().read(ids, fields_names)
        hidden = [n for n in fields_names if n.split('.')[0].split(':')[0]
            in SPECIAL_FIELDS]
        if (hidden and Transaction().check_access
                and not Configuration.special_categories_enabled()):
            for row in result:
                for name in hidden:
                    if name in row:
                        row[name] = None
        return result

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if SPECIAL_FIELDS & field_names or 'special_data_consent' in (
                field_names):
            cls.check_special_categories(parties)

    @classmethod
    def check_special_categories(cls, parties):
        Configuration = Pool().get('crm.configuration')
        enabled = None
        for party in parties:
            if not any(getattr(party, n) for n in SPECIAL_FIELDS):
                continue
            if enabled is None:
                enabled = Configuration.special_categories_enabled()
            if not enabled:
                raise ValidationError(gettext(
                        'crm_fin.msg_special_categories_disabled',
                        party=party.rec_name))
            if not party.special_data_consent:
                raise ValidationError(gettext(
                        'crm_fin.msg_special_categories_consent',
                        party=party.rec_name))

    @classmethod
    def _personal_data_models(cls):
        """Return [(model, party field)] of the records about a person that
        a subject access request exports"""
        return [
            ('party.address', 'party'),
            ('party.contact_mechanism', 'party'),
            ('party.identifier', 'party'),
            ('party.position', 'person'),
            ('crm.alarm', 'party'),
            ]

    def personal_data(self):
        "The person's data: {'party': {...}, model: [{...}, ...]}"
        pool = Pool()
        with without_check_access(), inactive_records():
            data = {'party': _record_data(self.__class__, [self.id])[0]}
            for model, field in self._personal_data_models():
                Model = pool.get(model)
                records = Model.search([(field, '=', self.id)],
                    order=[('id', 'ASC')])
                if records:
                    data[model] = _record_data(Model, [r.id for r in records])
        return data


class PartySale(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def _personal_data_models(cls):
        return super()._personal_data_models() + [('sale.sale', 'party')]


class PartyInvoice(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def _personal_data_models(cls):
        return super()._personal_data_models() + [
            ('account.invoice', 'party')]


def _record_data(Model, ids):
    "The stored fields of the records of Model, as JSON-ready dicts"
    names, relations = [], []
    for name, field in Model._fields.items():
        # stored fields and the function fields users write (address street)
        if (name in _SKIPPED_FIELDS
                or (isinstance(field, fields.Function) and not field.setter)
                or field._type in {'one2many', 'many2many', 'binary'}):
            continue
        names.append(name)
        if field._type in {'many2one', 'reference'}:
            relations.append(name)
    rows = Model.read(ids, names + ['%s.rec_name' % n for n in relations])
    result = []
    for row in rows:
        values = {}
        for name in sorted(names):
            value = row.get(name)
            if name in relations:
                value = (row.get('%s.' % name) or {}).get('rec_name')
            values[name] = _json_value(value)
        result.append(values)
    return result


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


class PersonalData(Report):
    "Personal Data of a party (subject access request), as JSON"
    __name__ = 'party.personal_data'

    @classmethod
    def _execute(cls, records, header, data, action):
        pool = Pool()
        Party = pool.get('party.party')
        result = [Party(r.id).personal_data() for r in records]
        content = json.dumps(result[0] if len(result) == 1 else result,
            ensure_ascii=False, indent=2, sort_keys=True)
        return 'json', content.encode('utf-8')


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        pool = Pool()
        Party = pool.get('party.party')
        Position = pool.get('party.position')
        Alarm = pool.get('crm.alarm')
        columns = ['honorific', 'birthday', 'wedding_anniversary',
            'marital_status', 'religion', 'special_data_consent',
            'acquisition_source']
        return super().to_erase(party_id) + [
            (Party, [('id', '=', party_id)], False,
                columns, [None] * len(columns)),
            (Position, [('person', '=', party_id)], True,
                ['title', 'organization', 'start_date', 'end_date'],
                ['****', None, None, None]),
            (Alarm, [('party', '=', party_id)], True,
                ['custom_name', 'custom_description', 'custom_sms_text',
                    'params'],
                ['****', None, None, None]),
            ]


class EraseInvoice(metaclass=PoolMeta):
    "Invoices kept by the tax law keep their party"
    __name__ = 'party.erase'

    def check_erase_company(self, party, company):
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        Date = pool.get('ir.date')
        Invoice = pool.get('account.invoice')
        # the law's reason first: the pending documents would only delay it
        invoices = Invoice.search([
                ('party', '=', party.id),
                ('company', '=', company.id),
                ('state', 'in', ['posted', 'paid']),
                ], order=[('invoice_date', 'DESC')], limit=1)
        if invoices:
            invoice, = invoices
            years = Configuration(1).invoice_retention or 0
            until = datetime.date(invoice.invoice_date.year + years, 12, 31)
            with Transaction().set_context(company=company.id):
                today = Date.today()
            if today <= until:
                raise EraseError(gettext(
                        'crm_fin.msg_erase_invoice_retention',
                        party=party.rec_name, company=company.rec_name,
                        invoice=invoice.rec_name,
                        date=format_date(invoice.invoice_date),
                        years=years, until=format_date(until)))
        super().check_erase_company(party, company)
