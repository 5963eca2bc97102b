# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The login of the member portals (the club's and the clinic's booking).

A member logs in with the number of his card and the mobile number on
file: the whole number is compared in E.164 (``0912...``, ``+98 912...``
and Persian or Arabic-Indic digits are the same number).  Every failure is
a row of ``club.portal.attempt`` in the database, so the trytond processes
behind a load balancer share the count: after ``MAX_FAILURES`` failures of
one card or one client address within ``WINDOW``, the portal answers
429 Too Many Requests without looking at the credentials."""
import datetime
from http import HTTPStatus

from sql import Literal
from sql.aggregate import Count

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, fields
from trytond.modules.crm_fin.tools import latin_digits, phone_e164
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

MAX_FAILURES = 5
WINDOW = datetime.timedelta(minutes=15)
MAX_LENGTH = 64


class PortalAttempt(ModelSQL):
    "Member Portal Failed Login"
    __name__ = 'club.portal.attempt'
    __string__ = "Member Portal Failed Login"
    key = fields.Char("Key", required=True, readonly=True,
        help="The card number or the client address that failed.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.key, Index.Equality()), (t.create_date, Index.Range())))

    @classmethod
    def failures(cls, keys, now=None):
        "The number of failures of the keys within the window"
        if not keys:  # no card nor client address (an empty IN for SQL)
            return {}
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        now = now or datetime.datetime.now()
        cursor.execute(*table.select(table.key, Count(Literal(1)),
                where=table.key.in_(list(keys))
                & (table.create_date >= now - WINDOW),
                group_by=[table.key]))
        return dict(cursor)

    @classmethod
    def record(cls, keys):
        "Record a failure of the keys and forget the old ones"
        if not keys:
            return
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.delete(where=table.key.in_(list(keys))
                & (table.create_date < datetime.datetime.now() - WINDOW)))
        cls.create([{'key': k} for k in keys])


def portal_keys(card, address):
    keys = ['card:%s' % card] if card else []
    if address:
        keys.append('address:%s' % str(address)[:MAX_LENGTH])
    return keys


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def club_portal_login(cls, card, mobile, address=None):
        """Return (member, None) for a card and mobile on file, else
        (None, (status, message)): 403 for an unknown card or a wrong mobile
        (without saying which), 429 after too many failures.  A failure is
        recorded in the database: the caller must commit."""
        pool = Pool()
        Attempt = pool.get('club.portal.attempt')
        card = latin_digits(card or '').strip()[:MAX_LENGTH]
        keys = portal_keys(card, address)
        if any(n >= MAX_FAILURES for n in Attempt.failures(keys).values()):
            return None, (HTTPStatus.TOO_MANY_REQUESTS, gettext(
                    'crm_club.msg_portal_too_many',
                    minutes=int(WINDOW.total_seconds() // 60)))
        member = cls.club_portal_member(card, mobile)
        if member:
            return member, None
        with Transaction().set_user(0):
            Attempt.record(keys)
        return None, (HTTPStatus.FORBIDDEN,
            gettext('crm_club.msg_portal_unknown'))

    @classmethod
    def club_portal_member(cls, card, mobile):
        """The member of the active card whose mobile on file is the mobile
        (whole number, in E.164), else None"""
        region = cls._club_portal_region()
        number = phone_e164(mobile, region) if mobile else None
        card = latin_digits(card or '').strip()
        if not card or not number or len(card) > MAX_LENGTH:
            return None
        for party in cls.search([
                    ('club_card_number', '=', card),
                    ('club_card_active', '=', True),
                    ]):
            for mechanism in party.contact_mechanisms:
                if (mechanism.type == 'mobile'
                        and phone_e164(mechanism.value, region) == number):
                    return party

    @classmethod
    def _club_portal_region(cls):
        "The region of local numbers: the company's country, else Iran"
        pool = Pool()
        Company = pool.get('company.company')
        company_id = Transaction().context.get('company')
        if company_id:
            address = Company(company_id).party.address_get()
            if address and address.country:
                return address.country.code
        return 'IR'
