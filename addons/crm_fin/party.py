# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Party data of the CRM and its financial profile.

Core (every edition): honorific, birthday, wedding anniversary, marital
status, religion (for the greetings calendar), job history, acquisition
source, addresses by purpose with district.

Financial profile, filled by hooks the finance modules implement:

* ``_payment_score_counts(party_ids)`` -> {id: {'on_time', 'late',
  'bounced'}}: the payment-behaviour score is
  ``100 * on_time / (on_time + late + 2 * bounced)`` (a bounced cheque weighs
  twice a late payment), None without history; the class is *good* from
  ``PAYMENT_GOOD`` (80), *bad* under ``PAYMENT_BAD`` (50), *average* between.
* ``_last_contact_dates(party_ids)`` -> {id: date}: the latest contact
  (document dates here, the communication log in crm_telephony).
* ``_party_roles(party_ids)`` -> {id: set of roles}: lead (has an
  opportunity), opportunity (has a quotation), customer (has an invoice).
* ``_document_models()``: models whose records keep a party from deletion.
"""
import datetime
import operator
from collections import defaultdict
from decimal import Decimal

from sql import Literal
from sql.aggregate import Max, Sum
from sql.conditionals import Case
from sql.functions import Extract

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from .exceptions import PartyDeleteError, SaleValidationError
from .tools import DateDisplayMixin

_OPERATORS = {
    '=': operator.eq, '!=': operator.ne, '<': operator.lt,
    '<=': operator.le, '>': operator.gt, '>=': operator.ge}

PAYMENT_GOOD = Decimal(80)
PAYMENT_BAD = Decimal(50)


class Party(DateDisplayMixin, metaclass=PoolMeta):
    __name__ = 'party.party'
    honorific = fields.Char(
        "Honorific", help="Title used before the name, as Dr. or Eng.")
    birthday = fields.Date("Birthday")
    birthday_display = fields.Function(
        fields.Char("Birthday"), 'get_date_display')
    wedding_anniversary = fields.Date("Wedding Anniversary")
    marital_status = fields.Selection([
            (None, ""),
            ('single', "Single"),
            ('married', "Married"),
            ('divorced', "Divorced"),
            ('widowed', "Widowed"),
            ], "Marital Status")
    religion = fields.Selection([
            (None, ""),
            ('islam', "Islam"),
            ('christianity', "Christianity"),
            ('judaism', "Judaism"),
            ('zoroastrianism', "Zoroastrianism"),
            ('other', "Other"),
            ], "Religion", help="Used to choose the greetings to send.")
    acquisition_source = fields.Many2One(
        'crm.acquisition.source', "Acquisition Source", ondelete='RESTRICT',
        help="How the party came to know the company.")
    positions = fields.One2Many(
        'party.position', 'person', "Positions",
        help="Current and earlier jobs of the person.")
    job_title = fields.Function(
        fields.Char("Job Title"), 'get_job_title')
    roles = fields.Function(fields.MultiSelection([
                ('lead', "Lead"),
                ('opportunity', "Opportunity"),
                ('customer', "Customer"),
                ], "Roles"), 'get_roles', searcher='search_roles')
    payment_score = fields.Function(
        fields.Numeric("Payment Score", digits=(3, 1),
            help="Share of payments made on time, in percent "
            "(bounced cheques count twice as late)."),
        'get_payment_score', searcher='search_payment_score')
    payment_class = fields.Function(fields.Selection([
                ('', ""),
                ('good', "Good Payer"),
                ('average', "Average Payer"),
                ('bad', "Bad Payer"),
                ], "Payment Behaviour"),
        'get_payment_score', searcher='search_payment_score')
    last_contact_date = fields.Function(
        fields.Date("Last Contact"),
        'get_last_contact_date', searcher='search_last_contact_date')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._history = True

    def get_job_title(self, name):
        current = [p for p in self.positions if not p.end_date]
        return current[0].title if current else None

    @classmethod
    def anniversary_ids(cls, field_name, date, where=None):
        """The ids of the active parties whose date field_name (birthday,
        wedding_anniversary) falls on the day and month of date, in SQL.

        On 28 February of a common year the 29 February dates are included.
        where is an extra python-sql condition on the party table."""
        party = cls.__table__()
        cursor = Transaction().connection.cursor()
        column = getattr(party, field_name)
        days = [date.day]
        if (date.month, date.day) == (2, 28):
            try:
                datetime.date(date.year, 2, 29)
            except ValueError:
                days.append(29)
        condition = ((Extract('MONTH', column) == date.month)
            & Extract('DAY', column).in_(days)
            & (party.active == Literal(True)))
        if where is not None:
            condition &= where(party)
        cursor.execute(*party.select(party.id, where=condition,
                order_by=[party.id.asc]))
        return [i for i, in cursor]

    # Roles
    @classmethod
    def _party_roles(cls, party_ids):
        return defaultdict(set)

    @classmethod
    def get_roles(cls, parties, name):
        roles = cls._party_roles([p.id for p in parties])
        return {p.id: sorted(roles.get(p.id, ())) for p in parties}

    @classmethod
    def search_roles(cls, name, clause):
        _, operator, value = clause
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = [p.id for p in cls.search([])]
        roles = cls._party_roles(ids)
        matching = [i for i in ids if set(values) & roles.get(i, set())]
        if operator in {'not in', '!='}:
            return [('id', 'not in', matching)]
        return [('id', 'in', matching)]

    # Payment behaviour
    @classmethod
    def _payment_score_counts(cls, party_ids):
        "Return {party_id: {'on_time': n, 'late': n, 'bounced': n}}"
        return {}

    @classmethod
    def payment_score_of(cls, counts):
        on_time = counts.get('on_time', 0)
        late = counts.get('late', 0)
        bounced = counts.get('bounced', 0)
        total = on_time + late + 2 * bounced
        if not total:
            return None
        return (Decimal(100) * on_time / total).quantize(Decimal('0.1'))

    @classmethod
    def payment_class_of(cls, score):
        if score is None:
            return ''
        if score >= PAYMENT_GOOD:
            return 'good'
        if score < PAYMENT_BAD:
            return 'bad'
        return 'average'

    @classmethod
    def get_payment_score(cls, parties, names):
        result = {n: {} for n in names}
        counts = cls._payment_score_counts([p.id for p in parties])
        for party in parties:
            score = cls.payment_score_of(counts.get(party.id, {}))
            if 'payment_score' in result:
                result['payment_score'][party.id] = score
            if 'payment_class' in result:
                result['payment_class'][party.id] = cls.payment_class_of(
                    score)
        return result

    @classmethod
    def search_payment_score(cls, name, clause):
        _, operator, value = clause
        ids = [p.id for p in cls.search([])]
        parties = cls.browse(ids)
        values = cls.get_payment_score(parties, [name])[name]
        ops = _OPERATORS
        if operator in ('in', 'not in'):
            matching = [i for i, v in values.items() if v in value]
            if operator == 'not in':
                matching = [i for i in ids if i not in matching]
        else:
            matching = [i for i, v in values.items()
                if v is not None and value is not None
                and ops[operator](v, value)
                or (v is None and value is None and operator == '=')]
        return [('id', 'in', matching)]

    # Last contact
    @classmethod
    def _last_contact_dates(cls, party_ids):
        "Return {party_id: date} of the latest contact"
        return {}

    @classmethod
    def get_last_contact_date(cls, parties, name):
        dates = cls._last_contact_dates([p.id for p in parties])
        return {p.id: dates.get(p.id) for p in parties}

    @classmethod
    def search_last_contact_date(cls, name, clause):
        _, operator, value = clause
        ops = _OPERATORS
        ids = [p.id for p in cls.search([])]
        dates = cls._last_contact_dates(ids)
        if value is None:
            matching = [i for i in ids if (dates.get(i) is None) == (
                    operator == '=')]
        else:
            matching = [i for i in ids
                if dates.get(i) is not None
                and ops[operator](dates[i], value)]
        return [('id', 'in', matching)]

    # Deletion
    @classmethod
    def _document_models(cls):
        "Return [(model, party field)] of documents that keep a party"
        return []

    @classmethod
    def check_modification(cls, mode, parties, values=None, external=False):
        super().check_modification(
            mode, parties, values=values, external=external)
        if mode == 'delete':
            cls.check_documents(parties)

    @classmethod
    def check_documents(cls, parties):
        pool = Pool()
        IrModel = pool.get('ir.model')
        ids = [p.id for p in parties]
        for model_name, field in cls._document_models():
            Model = pool.get(model_name)
            with Transaction().set_context(active_test=False):
                records = Model.search(
                    [(field, 'in', ids)], limit=1)
            if records:
                record = records[0]
                party = getattr(record, field)
                raise PartyDeleteError(gettext(
                        'crm_fin.msg_party_delete_documents',
                        party=party.rec_name,
                        documents=IrModel.get_name(model_name),
                        document=record.rec_name))


class PartyPosition(DateDisplayMixin, sequence_ordered(), ModelSQL, ModelView):
    "Party Position"
    __name__ = 'party.position'
    person = fields.Many2One(
        'party.party', "Person", required=True, ondelete='CASCADE')
    organization = fields.Many2One(
        'party.party', "Organization", ondelete='RESTRICT')
    title = fields.Char("Job Title", required=True)
    start_date = fields.Date("Start Date")
    end_date = fields.Date(
        "End Date", help="Leave empty for the current position.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('end_date', 'DESC NULLS FIRST'))

    @classmethod
    def validate_fields(cls, positions, field_names):
        super().validate_fields(positions, field_names)
        for position in positions:
            if (position.start_date and position.end_date
                    and position.end_date < position.start_date):
                raise SaleValidationError(gettext(
                        'crm_fin.msg_position_dates',
                        position=position.title))


class AcquisitionSource(ModelSQL, ModelView):
    "Acquisition Source"
    __name__ = 'crm.acquisition.source'
    name = fields.Char("Name", required=True, translate=True)
    media = fields.Selection([
            (None, ""),
            ('referral', "Referral"),
            ('web', "Website"),
            ('social', "Social Media"),
            ('exhibition', "Exhibition"),
            ('advertising', "Advertising"),
            ('phone', "Phone"),
            ], "Media")


class Address(metaclass=PoolMeta):
    __name__ = 'party.address'
    purpose = fields.Selection([
            (None, ""),
            ('home', "Home"),
            ('work', "Work"),
            ('billing', "Billing"),
            ('delivery', "Delivery"),
            ('other', "Other"),
            ], "Purpose")
    district = fields.Char("District", help="District or neighbourhood.")


class PartySale(metaclass=PoolMeta):
    "Roles and last contact from quotations and sales"
    __name__ = 'party.party'

    @classmethod
    def _party_roles(cls, party_ids):
        pool = Pool()
        Sale = pool.get('sale.sale')
        roles = super()._party_roles(party_ids)
        sale = Sale.__table__()
        for party_id in _parties_with(
                sale, sale.state.in_(['draft', 'quotation']), party_ids):
            roles[party_id].add('opportunity')
        return roles

    @classmethod
    def _last_contact_dates(cls, party_ids):
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale = Sale.__table__()
        return _latest_dates(super()._last_contact_dates(party_ids), sale,
            [sale.sale_date, sale.quotation_date], Literal(True), party_ids)

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [('sale.sale', 'party')]


class PartyOpportunity(metaclass=PoolMeta):
    "Leads from sale opportunities"
    __name__ = 'party.party'

    @classmethod
    def _party_roles(cls, party_ids):
        pool = Pool()
        Opportunity = pool.get('sale.opportunity')
        roles = super()._party_roles(party_ids)
        opportunity = Opportunity.__table__()
        for party_id in _parties_with(opportunity,
                opportunity.state.in_(['lead', 'opportunity']), party_ids):
            roles[party_id].add('lead')
        return roles

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [('sale.opportunity', 'party')]


class PartyInvoice(metaclass=PoolMeta):
    "Customer role, payment behaviour and last contact from invoices"
    __name__ = 'party.party'

    @classmethod
    def _party_roles(cls, party_ids):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        roles = super()._party_roles(party_ids)
        invoice = Invoice.__table__()
        for party_id in _parties_with(invoice, (invoice.type == 'out')
                & invoice.state.in_(['posted', 'paid']), party_ids):
            roles[party_id].add('customer')
        return roles

    @classmethod
    def _last_contact_dates(cls, party_ids):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoice = Invoice.__table__()
        return _latest_dates(super()._last_contact_dates(party_ids),
            invoice, [invoice.invoice_date], invoice.type == 'out',
            party_ids)

    @classmethod
    def _payment_score_counts(cls, party_ids):
        """Count receivable lines of customer invoices paid on time and late

        A line reconciled on or before its maturity date is on time; one
        reconciled after it, or still open past it, is late."""
        pool = Pool()
        Line = pool.get('account.move.line')
        Account = pool.get('account.account')
        AccountType = pool.get('account.account.type')
        Reconciliation = pool.get('account.move.reconciliation')
        Date = pool.get('ir.date')
        counts = super()._payment_score_counts(party_ids)
        line = Line.__table__()
        account = Account.__table__()
        type_ = AccountType.__table__()
        reconciliation = Reconciliation.__table__()
        today = Date.today()
        cursor = Transaction().connection.cursor()
        on_time = Case(
            ((reconciliation.date != None)  # noqa: E711
                & (reconciliation.date <= line.maturity_date), 1),
            else_=0)
        late = Case(
            ((reconciliation.date != None)  # noqa: E711
                & (reconciliation.date > line.maturity_date), 1),
            ((reconciliation.date == None)  # noqa: E711
                & (line.maturity_date < today), 1),
            else_=0)
        for sub in grouped_slice(party_ids, 1000):
            cursor.execute(*line
                .join(account, condition=line.account == account.id)
                .join(type_, condition=account.type == type_.id)
                .join(reconciliation, 'LEFT',
                    condition=line.reconciliation == reconciliation.id)
                .select(line.party, Sum(on_time), Sum(late),
                    where=reduce_ids(line.party, sub)
                    & (type_.receivable == Literal(True))
                    & (line.debit > 0)
                    & (line.maturity_date != None),  # noqa: E711
                    group_by=[line.party]))
            for party_id, n_on_time, n_late in cursor:
                party_counts = counts.setdefault(party_id, {})
                party_counts['on_time'] = (
                    party_counts.get('on_time', 0) + int(n_on_time or 0))
                party_counts['late'] = (
                    party_counts.get('late', 0) + int(n_late or 0))
        return counts

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [
            ('account.invoice', 'party'), ('account.move.line', 'party')]


def _parties_with(table, where, party_ids):
    "Yield the ids of party_ids having a row of table matching where"
    cursor = Transaction().connection.cursor()
    for sub in grouped_slice(party_ids, 1000):
        cursor.execute(*table.select(table.party,
                where=reduce_ids(table.party, sub) & where,
                group_by=[table.party]))
        for party_id, in cursor:
            yield party_id


def _latest_dates(dates, table, columns, where, party_ids):
    "Update dates with the latest of columns of table per party"
    cursor = Transaction().connection.cursor()
    for sub in grouped_slice(party_ids, 1000):
        cursor.execute(*table.select(table.party,
                *(Max(c) for c in columns),
                where=reduce_ids(table.party, sub) & where,
                group_by=[table.party]))
        for party_id, *values in cursor:
            _max_into(dates, party_id, values)
    return dates


def _max_into(dates, party_id, values):
    for value in values:
        if isinstance(value, str):
            # SQLite returns aggregated dates as text
            value = datetime.date.fromisoformat(value)
        if value and (dates.get(party_id) is None
                or value > dates[party_id]):
            dates[party_id] = value
