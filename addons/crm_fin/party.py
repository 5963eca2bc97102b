# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Party data of the CRM and its financial profile.

Core (every edition): honorific, birthday, wedding anniversary, marital
status, religion (for the greetings calendar), job history, acquisition
source, addresses by purpose (region: region.py).

Financial profile, filled by hooks the finance modules implement.  The
hooks return SQL queries the extensions add to, so the getters read a page
of parties and the searchers stay in the database (1 000 000 parties:
benchmarks/scale.py):

* ``_payment_score_queries()`` -> queries of party, on_time, late,
  bounced (one row per payment): the payment-behaviour score is
  ``100 * on_time / (on_time + late + 2 * bounced)`` (a bounced cheque weighs
  twice a late payment), None without history; the class is *good* from
  ``PAYMENT_GOOD`` (80), *bad* under ``PAYMENT_BAD`` (50), *average* between.
* ``_last_contact_queries()`` -> queries of party, date: the latest
  contact (document dates here, the communication log in crm_telephony).
* ``_party_role_queries()`` -> [(role, query of party)]: lead (has an
  opportunity), opportunity (has a quotation), customer (has an invoice).
* ``_document_models()``: models whose records keep a party from deletion.
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from sql import Cast, Column, Literal, Null, Union
from sql.aggregate import Max, Min, Sum
from sql.conditionals import Case, NullIf
from sql.functions import Extract, Round

from stdnum.exceptions import (
    InvalidChecksum, InvalidFormat, InvalidLength, ValidationError)

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    ModelSQL, ModelView, ValueMixin, fields, sequence_ordered)
from trytond.model.fields.field import SQL_OPERATORS
from trytond.modules.party.exceptions import InvalidIdentifierCode
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice, sqlite_apply_types
from trytond.transaction import Transaction, check_access

from . import iranian_ids
from .database import one2many_of_read
from .exceptions import PartyDeleteError, SaleValidationError
from .tools import (
    DateDisplayMixin, in_max, latin_digits, search_readable)
from .tools import sql_date as _date
from .tools import sql_text as _text

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
        fields.Char("Job Title"), 'get_job_title', searcher='search_job_title')
    staff = fields.One2Many(
        'party.position', 'organization', "Staff",
        help="The people working (or who worked) for the organisation; "
        "letters to it are addressed to its contact person.")
    roles = fields.Function(fields.MultiSelection([
                ('lead', "Lead"),
                ('opportunity', "Opportunity"),
                ('customer', "Customer"),
                ], "Roles"), 'get_profile', searcher='search_roles')
    payment_score = fields.Function(
        fields.Numeric("Payment Score", digits=(3, 1),
            help="Share of payments made on time, in percent "
            "(bounced cheques count twice as late)."),
        'get_profile', searcher='search_payment_score')
    payment_class = fields.Function(fields.Selection([
                ('', ""),
                ('good', "Good Payer"),
                ('average', "Average Payer"),
                ('bad', "Bad Payer"),
                ], "Payment Behaviour"),
        'get_profile', searcher='search_payment_score')
    last_contact_date = fields.Function(
        fields.Date("Last Contact"),
        'get_profile', searcher='search_last_contact_date')
    roles_text = fields.Function(fields.Char("Roles"), 'get_profile')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._history = True

    @classmethod
    def tax_identifier_types(cls):
        "The Iranian economic code is the tax identifier of the invoices"
        return super().tax_identifier_types() + ['ir_economic_code']

    def multivalue_records(self, field):
        """The party's records of the company-dependent values of field,
        their columns kept once per process for the reads: a customer's
        form searched nine value models (issue 21).

        They are kept in the value model's own cache of its values, which
        Tryton clears at every change of a value (``ValueMixin``), and only
        read-only transactions use them: what a workflow reads to write
        (the accounts of an invoice, say) comes from the database.  A hit
        puts the columns in the transaction's cache, as the search would."""
        Value = self.multivalue_model(field)
        transaction = Transaction()
        if (not transaction.readonly
                or self.id is None or self.id < 0
                or transaction.context.get('_datetime')
                or not issubclass(Value, ValueMixin)):
            return super().multivalue_records(field)
        cache = Value._values_cache()
        key = ('crm_fin.party', self.id)
        records = transaction.get_cache()[Value.__name__]
        rows = cache.get(key)
        if rows is not None:
            for row in rows:
                records[row['id']]._update(row)
            return Value.browse([r['id'] for r in rows])
        values = super().multivalue_records(field)
        # the columns the search of the one-to-many put in the cache
        names = {n for n, f in Value._fields.items()
            if not hasattr(f, 'get') and n != 'id' and f.loading == 'eager'
            and not getattr(f, 'translate', False)}
        rows = []
        for value in values:
            row = (dict(records[value.id]._items())
                if value.id in records else {})
            if not names <= row.keys():
                return values
            rows.append(dict(row, id=value.id))
        cache.set(key, rows)
        return values

    # the one-to-many values a read keeps for the getters below
    _one2many_read_kept = {'positions', 'contact_mechanisms'}

    def get_job_title(self, name):
        one2many_of_read(self, 'positions')
        current = [p for p in self.positions if not p.end_date]
        return current[0].title if current else None

    def contact_mechanism_get(self, types=None, usage=None):
        # the phone, mobile and e-mail of a form from its mechanisms
        one2many_of_read(self, 'contact_mechanisms')
        return super().contact_mechanism_get(types=types, usage=usage)

    @classmethod
    def search_rec_name(cls, name, clause):
        """A customer's code, national ID or card typed in Persian digits
        finds him too: they are kept in Latin digits (a name or address
        typed with Persian digits is still found as typed)"""
        domain = super().search_rec_name(name, clause)
        _, operator, operand, *extra = clause
        if isinstance(operand, str):
            latin = latin_digits(operand)
        elif isinstance(operand, (list, tuple)):
            # 'in' and 'not in'
            latin = [latin_digits(v) if isinstance(v, str) else v
                for v in operand]
            if latin == list(operand):
                latin = operand
        else:
            latin = operand
        if latin != operand:
            bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
            domain = [bool_op, domain, super().search_rec_name(
                    name, (name, operator, latin, *extra))]
        return domain

    @classmethod
    def search_job_title(cls, name, clause):
        "Parties whose current position's title matches"
        return [('positions', 'where', [
                    ('end_date', '=', None),
                    ('title',) + tuple(clause[1:]),
                    ])]

    def letter_contact(self, job_title=None):
        """The person a letter to the party is addressed to: for an
        organisation (a party with current staff) the staff member whose
        job title matches job_title (an ILIKE pattern), else its contact
        person, else its first current staff member; otherwise the party"""
        Position = Pool().get('party.position')
        domain = [('organization', '=', self.id), ('end_date', '=', None)]
        if not Position.search(domain, limit=1):
            return self
        if job_title:
            positions = Position.search(domain + [
                    ('title', 'ilike', job_title)], limit=1)
            if positions:
                return positions[0].person
        positions = Position.search(domain,
            order=[('contact_person', 'DESC'), ('sequence', 'ASC'),
                ('id', 'ASC')], limit=1)
        return positions[0].person

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

    @classmethod
    def get_profile(cls, parties, names):
        """The roles (also as words), payment score and class and last
        contact of a page of parties, in one call (trytond builds the page's
        records once; a customer's form read the summary twice, issue 21)"""
        if Pool().get('crm.party.summary').enabled():
            result = cls._profile_of_summary(parties, names)
        else:
            result = {}
            scores = [n for n in names
                if n in {'payment_score', 'payment_class'}]
            if scores:
                result.update(cls.get_payment_score(parties, scores))
            if {'roles', 'roles_text'} & set(names):
                result['roles'] = cls.get_roles(parties, 'roles')
            if 'last_contact_date' in names:
                result['last_contact_date'] = cls.get_last_contact_date(
                    parties, 'last_contact_date')
        if 'roles_text' in names:
            # the roles as words (the overview shows them as text)
            labels = dict(cls.fields_get(['roles'])['roles']['selection'])
            result['roles_text'] = {p: ', '.join(labels[r] for r in roles)
                for p, roles in result['roles'].items()}
            if 'roles' not in names:
                del result['roles']
        return result

    @classmethod
    def _profile_of_summary(cls, parties, names):
        """get_profile from one read of the parties' summary rows, the
        payment figures of a row gone stale with the date summed directly
        (a customer's form read the summary three times, issue 21)"""
        pool = Pool()
        Date = pool.get('ir.date')
        Summary = pool.get('crm.party.summary')
        summary = Summary.__table__()
        cursor = Transaction().connection.cursor()
        today = Date.today()
        rows = {}
        for sub in grouped_slice([p.id for p in parties], in_max()):
            cursor.execute(*summary.select(summary.party, summary.on_time,
                    summary.late, summary.bounced, summary.score,
                    summary.stale_after, summary.last_contact, summary.roles,
                    where=SQL_OPERATORS['in'](summary.party, sub)))
            for party_id, *values in cursor:
                rows[party_id] = values
        result = {}
        scores = [n for n in names if n in {'payment_score', 'payment_class'}]
        if scores:
            counts = {}
            stale = []
            totals = cls._payment_score_totals()
            for party_id, row in rows.items():
                on_time, late, bounced, score, stale_after = row[:5]
                stale_after = _date(stale_after)
                if stale_after is not None and stale_after < today:
                    stale.append(party_id)
                elif score is not None:
                    counts[party_id] = (on_time, late, bounced)
            if totals is None:
                counts = {}
            elif stale:
                totals = cls._payment_score_totals(stale)
                cursor.execute(*totals.select(totals.party, totals.on_time,
                        totals.late, totals.bounced))
                for party_id, *values in cursor:
                    counts[party_id] = values
            result.update(cls._payment_scores_of(parties, scores, counts))
        if {'roles', 'roles_text'} & set(names):
            result['roles'] = {p.id: sorted(r for r in (
                        (rows[p.id][6] if p.id in rows else '') or ''
                        ).split(',') if r) for p in parties}
        if 'last_contact_date' in names:
            contacts = cls._last_contacts() is not None
            result['last_contact_date'] = {
                p.id: _date(rows[p.id][5])
                if contacts and p.id in rows else None for p in parties}
        return result

    # Roles
    @classmethod
    def _party_role_queries(cls):
        """Return [(role, query)]: each SQL query selects the column party
        of the parties having that role"""
        return []

    @classmethod
    def get_roles(cls, parties, name):
        cursor = Transaction().connection.cursor()
        roles = defaultdict(set)
        Summary = Pool().get('crm.party.summary')
        if Summary.enabled():
            summary = Summary.__table__()
            for sub in grouped_slice([p.id for p in parties], in_max()):
                cursor.execute(*summary.select(summary.party, summary.roles,
                        where=SQL_OPERATORS['in'](summary.party, sub)))
                for party_id, text in cursor:
                    roles[party_id].update(r for r in text.split(',') if r)
            return {p.id: sorted(roles.get(p.id, ())) for p in parties}
        for role, query in cls._party_role_queries():
            party = Column(query, 'party')
            for sub in grouped_slice([p.id for p in parties], in_max()):
                cursor.execute(*query.select(party,
                        where=SQL_OPERATORS['in'](party, sub), group_by=[party]))
                for party_id, in cursor:
                    roles[party_id].add(role)
        return {p.id: sorted(roles.get(p.id, ())) for p in parties}

    @classmethod
    def search_roles(cls, name, clause):
        _, operator, value = clause
        values = value if isinstance(value, (list, tuple)) else [value]
        Summary = Pool().get('crm.party.summary')
        known = sorted({r for r, _ in cls._party_role_queries()})
        if Summary.enabled() and operator in {'in', '='}:
            # the party's own column (a partial index per role)
            clauses = [('summary_roles', 'like', '%,' + r + ',%')
                for r in known if r in values]
            return ['OR'] + clauses if clauses else [('id', 'in', [])]
        if Summary.enabled():
            summary = Summary.__table__()
            queries = [summary.select(summary.party,
                    where=summary.roles.like('%,' + r + ',%'))
                for r in known if r in values]
        else:
            queries = [q.select(Column(q, 'party'))
                for r, q in cls._party_role_queries() if r in values]
        if not queries:
            matching = []
        else:
            matching = Union(*queries)
        if operator in {'not in', '!='}:
            return [('id', 'not in', matching)]
        return [('id', 'in', matching)]

    # Payment behaviour
    @classmethod
    def _payment_score_queries(cls):
        """Return SQL queries of the columns party, on_time, late and
        bounced: one row per payment (or bounced cheque) of a party"""
        return []

    @classmethod
    def _payment_score_totals(cls, parties=None):
        """A query of party, on_time, late, bounced summed per party, and
        score, the payment score rounded to 0.1, or None without history
        (of the ids of parties only, when given)"""
        queries = _of_parties(cls._payment_score_queries(),
            ['party', 'on_time', 'late', 'bounced'], parties)
        if not queries:
            return None
        union = Union(*queries, all_=True)
        columns = {n: Sum(Column(union, n)) for n in [
                'on_time', 'late', 'bounced']}
        total = (columns['on_time'] + columns['late']
            + Literal(2) * columns['bounced'])
        score = Round(Cast(
                Literal(100.0) * columns['on_time'] / NullIf(total, 0),
                'NUMERIC'), 1)
        return union.select(Column(union, 'party').as_('party'),
            *(c.as_(n) for n, c in columns.items()), score.as_('score'),
            having=total > 0,
            group_by=[Column(union, 'party')])

    @classmethod
    def _payment_pending_queries(cls):
        """Return SQL queries of the columns party and date: one row per
        payment whose score changes with time alone, the date after which
        it does (an open line falls late after its maturity date)"""
        return []

    @classmethod
    def _payment_pending(cls, parties=None):
        "A query of party and date, the earliest pending date per party"
        queries = _of_parties(
            cls._payment_pending_queries(), ['party', 'date'], parties)
        if not queries:
            return None
        union = Union(*queries, all_=True)
        return union.select(Column(union, 'party').as_('party'),
            Min(Column(union, 'date')).as_('date'),
            group_by=[Column(union, 'party')])

    @classmethod
    def _payment_score_stale(cls):
        """The ids of the parties whose summary row went stale with the
        date, or None when the payment figures are read directly (the
        summary disabled, or too many stale rows)"""
        pool = Pool()
        Summary = pool.get('crm.party.summary')
        Date = pool.get('ir.date')
        if not Summary.enabled():
            return None
        summary = Summary.__table__()
        cursor = Transaction().connection.cursor()
        # the refresh_stale scheduled action keeps these few
        cursor.execute(*summary.select(summary.party,
                where=summary.stale_after < Date.today(),
                limit=in_max() + 1))
        stale = [p for p, in cursor]
        if len(stale) > in_max():
            return None
        return stale

    @classmethod
    def _payment_score_source(cls):
        """_payment_score_totals read from the party summary: its rows, or
        the direct totals of the parties whose row went stale with the
        date (summary.py)"""
        pool = Pool()
        Summary = pool.get('crm.party.summary')
        Date = pool.get('ir.date')
        totals = cls._payment_score_totals()
        stale = cls._payment_score_stale()
        if totals is None or stale is None:
            return totals
        today = Date.today()
        summary = Summary.__table__()
        columns = ['party', 'on_time', 'late', 'bounced', 'score']
        fresh = summary.select(*(Column(summary, n).as_(n) for n in columns),
            where=(summary.score != Null)
            & ((summary.stale_after == Null)
                | (summary.stale_after >= today)))
        if not stale:
            return fresh
        # a list of ids the database filters the payments with before
        # summing them
        direct = totals.select(*(Column(totals, n) for n in columns),
            where=totals.party.in_(stale))
        union = Union(fresh, direct, all_=True)
        return union.select(*(Column(union, n).as_(n) for n in columns))

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
    def payment_class_sql(cls, score):
        "payment_class_of in SQL: the class of the column score"
        return Case(
            (score >= float(PAYMENT_GOOD), _text('good')),
            (score < float(PAYMENT_BAD), _text('bad')),
            (score != Null, _text('average')),
            else_=Null)

    @classmethod
    def get_payment_score(cls, parties, names):
        "The figures summed directly (get_profile reads the summary)"
        counts = {}
        totals = cls._payment_score_totals()
        if totals is not None:
            cursor = Transaction().connection.cursor()
            for sub in grouped_slice([p.id for p in parties], in_max()):
                cursor.execute(*totals.select(totals.party, totals.on_time,
                        totals.late, totals.bounced,
                        where=SQL_OPERATORS['in'](totals.party, sub)))
                for party_id, *values in cursor:
                    counts[party_id] = values
        return cls._payment_scores_of(parties, names, counts)

    @classmethod
    def _payment_scores_of(cls, parties, names, counts):
        """The fields names (payment_score, payment_class) of parties from
        counts: {party id: (on time, late, bounced)}"""
        result = {n: {} for n in names}
        for party in parties:
            on_time, late, bounced = counts.get(party.id, (0, 0, 0))
            score = cls.payment_score_of({'on_time': int(on_time or 0),
                    'late': int(late or 0), 'bounced': int(bounced or 0)})
            if 'payment_score' in result:
                result['payment_score'][party.id] = score
            if 'payment_class' in result:
                result['payment_class'][party.id] = cls.payment_class_of(
                    score)
        return result

    @classmethod
    def search_payment_score(cls, name, clause):
        _, operator, value = clause
        mirrored = _mirror_clause(
            'summary_score' if name == 'payment_score' else 'summary_class',
            operator, value, None if name == 'payment_score' else '')
        if (mirrored is not None
                and cls._payment_score_totals() is not None
                and (stale := cls._payment_score_stale()) is not None):
            # the party's own columns (an index of party_party), the stale
            # parties' figures directly
            if not stale:
                return [mirrored]
            return ['OR',
                [('id', 'not in', stale), mirrored],
                [('id', 'in', stale)] + cls._search_payment_score(
                    name, cls._payment_score_totals(stale), operator, value)]
        return cls._search_payment_score(
            name, cls._payment_score_source(), operator, value)

    @classmethod
    def _search_payment_score(cls, name, totals, operator, value):
        "A domain for payment_score or payment_class on the query totals"
        if totals is None:
            return _search_aggregate(None, None, operator, value,
                None if name == 'payment_score' else '')
        if name == 'payment_score':
            expression, empty = totals.score, None
            if isinstance(value, (list, tuple)):
                value = [float(v) if v is not None else v for v in value]
            elif value is not None:
                value = float(value)
        else:
            expression, empty = cls.payment_class_sql(totals.score), ''
        return _search_aggregate(totals, expression, operator, value, empty)

    # Last contact
    @classmethod
    def _last_contact_queries(cls):
        """Return SQL queries of the columns party and date: one row per
        contact with the party"""
        return []

    @classmethod
    def _last_contacts(cls, parties=None):
        "A query of party and date, the latest contact per party"
        queries = _of_parties(
            cls._last_contact_queries(), ['party', 'date'], parties)
        if not queries:
            return None
        union = Union(*queries, all_=True)
        return union.select(Column(union, 'party').as_('party'),
            Max(Column(union, 'date')).as_('date'),
            where=Column(union, 'date') != Null,
            group_by=[Column(union, 'party')])

    @classmethod
    def _last_contact_source(cls):
        "_last_contacts read from the party summary"
        Summary = Pool().get('crm.party.summary')
        contacts = cls._last_contacts()
        if contacts is None or not Summary.enabled():
            return contacts
        summary = Summary.__table__()
        return summary.select(summary.party.as_('party'),
            summary.last_contact.as_('date'),
            where=summary.last_contact != Null)

    @classmethod
    def get_last_contact_date(cls, parties, name):
        dates = {}
        contacts = cls._last_contact_source()
        if contacts is not None:
            cursor = Transaction().connection.cursor()
            for sub in grouped_slice([p.id for p in parties], in_max()):
                cursor.execute(*contacts.select(
                        contacts.party, contacts.date,
                        where=SQL_OPERATORS['in'](contacts.party, sub)))
                for party_id, date in cursor:
                    dates[party_id] = _date(date)
        return {p.id: dates.get(p.id) for p in parties}

    @classmethod
    def search_last_contact_date(cls, name, clause):
        _, operator, value = clause
        contacts = cls._last_contact_source()
        mirrored = _mirror_clause(
            'summary_last_contact', operator, value, None)
        if (mirrored is not None and contacts is not None
                and Pool().get('crm.party.summary').enabled()):
            return [mirrored]
        return _search_aggregate(contacts,
            contacts.date if contacts is not None else None,
            operator, value, None)

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
            cls.check_documents(parties, external=external)

    @classmethod
    def check_documents(cls, parties, external=False):
        """Refuse to delete parties with documents.  A user is first checked
        against the record rules and is told only the names he may read:
        the refusal never names a hidden party or document."""
        pool = Pool()
        IrModel = pool.get('ir.model')
        Rule = pool.get('ir.rule')
        ids = [p.id for p in parties]
        if external:
            with check_access():
                Rule.check(cls.__name__, ids, 'delete')
        for model_name, field in cls._document_models():
            Model = pool.get(model_name)
            with Transaction().set_context(active_test=False):
                records = Model.search(
                    [(field, 'in', ids)], limit=1)
                if not records:
                    continue
                readable = records
                if external:
                    with check_access():
                        readable = Model.search(
                            [(field, 'in', ids)], limit=1)
            party = getattr(records[0], field)
            if not readable:
                raise PartyDeleteError(gettext(
                        'crm_fin.msg_party_delete_hidden_documents',
                        party=party.rec_name,
                        documents=IrModel.get_name(model_name)))
            record = readable[0]
            raise PartyDeleteError(gettext(
                    'crm_fin.msg_party_delete_documents',
                    party=getattr(record, field).rec_name,
                    documents=IrModel.get_name(model_name),
                    document=record.rec_name))


class PartyPosition(DateDisplayMixin, sequence_ordered(), ModelSQL, ModelView):
    "Party Position"
    __name__ = 'party.position'
    __string__ = "Party Position"
    person = fields.Many2One(
        'party.party', "Person", required=True, ondelete='CASCADE')
    organization = fields.Many2One(
        'party.party', "Organization", ondelete='RESTRICT')
    title = fields.Char("Job Title", required=True)
    contact_person = fields.Boolean("Contact Person",
        help="Letters to the organisation are addressed to this person.")
    start_date = fields.Date("Start Date")
    end_date = fields.Date(
        "End Date", help="Leave empty for the current position.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # the person's access and record rules apply to his job history
        cls.__access__.add('person')
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
    __string__ = "Acquisition Source"
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


class PartySale(metaclass=PoolMeta):
    "Roles and last contact from quotations and sales, open quotations"
    __name__ = 'party.party'
    open_quotations = fields.Function(fields.Many2Many(
            'sale.sale', None, None, "Open Quotations",
            help="Quotations not yet confirmed or cancelled."),
        'get_open_quotations')

    @classmethod
    def get_open_quotations(cls, parties, name):
        "The draft and quoted sales of the parties that the user may see"
        Sale = Pool().get('sale.sale')
        result = {p.id: [] for p in parties}
        for sub in grouped_slice(parties, in_max()):
            for sale in search_readable(Sale, [
                        ('party', 'in', [p.id for p in sub]),
                        ('state', 'in', ['draft', 'quotation']),
                        ], order=[('quotation_date', 'DESC NULLS FIRST'),
                        ('id', 'DESC')]):
                result[sale.party.id].append(sale.id)
        return result

    @classmethod
    def _party_role_queries(cls):
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale = Sale.__table__()
        return super()._party_role_queries() + [('opportunity', sale.select(
                    sale.party.as_('party'),
                    where=sale.state.in_(['draft', 'quotation'])))]

    @classmethod
    def _last_contact_queries(cls):
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale = Sale.__table__()
        return super()._last_contact_queries() + [
            sale.select(sale.party.as_('party'), date.as_('date'))
            for date in [sale.sale_date, sale.quotation_date]]

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [('sale.sale', 'party')]


class PartyOpportunity(metaclass=PoolMeta):
    "Leads from sale opportunities"
    __name__ = 'party.party'

    @classmethod
    def _party_role_queries(cls):
        pool = Pool()
        Opportunity = pool.get('sale.opportunity')
        opportunity = Opportunity.__table__()
        return super()._party_role_queries() + [('lead', opportunity.select(
                    opportunity.party.as_('party'),
                    where=opportunity.state.in_(['lead', 'opportunity'])))]

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [('sale.opportunity', 'party')]


class PartyInvoice(metaclass=PoolMeta):
    "Customer role, payment behaviour and last contact from invoices"
    __name__ = 'party.party'

    def get_currency(self, name):
        "The account module's currency, from the company's cached values"
        Company = Pool().get('company.company')
        company_id = Transaction().context.get('company')
        if isinstance(company_id, int) and company_id >= 0:
            return Company.currency_id(company_id)
        return super().get_currency(name)

    @classmethod
    def get_receivable_payable(cls, parties, names):
        """The account module's amounts, of the context's company when it is
        one of the user's: the account module reads the user's record (and
        his companies) and the company's for it, four round trips of each
        customer's form (issue 21)"""
        User = Pool().get('res.user')
        company_id = Transaction().context.get('company')
        if (not isinstance(company_id, int)
                or company_id not in User.get_companies()):
            return super().get_receivable_payable(parties, names)
        return cls.receivable_payable_of(parties, names, company_id)

    @classmethod
    def receivable_payable_of(cls, parties, names, company_id):
        """The account module's amounts names of parties in the company of
        company_id, rounded with its currency, read from the company's
        cached values (not the user's record, nor the company's)"""
        pool = Pool()
        Company = pool.get('company.company')
        Currency = pool.get('currency.currency')
        amounts = {name: defaultdict(Decimal) for name in names}
        currency = Currency(Company.currency_id(company_id))
        query = cls._receivable_payable_query(
            names, Company(company_id), parties)
        if backend.name == 'sqlite':
            sqlite_apply_types(query, [None] + ['NUMERIC'] * len(names))
        cursor = Transaction().connection.cursor()
        cursor.execute(*query)
        for party_id, *values in cursor:
            for name, value in zip(names, values):
                amounts[name][party_id] = currency.round(value)
        return amounts

    @classmethod
    def _party_role_queries(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoice = Invoice.__table__()
        return super()._party_role_queries() + [('customer', invoice.select(
                    invoice.party.as_('party'),
                    where=(invoice.type == 'out')
                    & invoice.state.in_(['posted', 'paid'])))]

    @classmethod
    def _last_contact_queries(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoice = Invoice.__table__()
        return super()._last_contact_queries() + [
            invoice.select(invoice.party.as_('party'),
                invoice.invoice_date.as_('date'),
                where=invoice.type == 'out')]

    @classmethod
    def _payment_score_queries(cls):
        """Receivable lines of customer invoices paid on time and late

        A line reconciled on or before its maturity date is on time; one
        reconciled after it, or still open past it, is late."""
        pool = Pool()
        Line = pool.get('account.move.line')
        Account = pool.get('account.account')
        AccountType = pool.get('account.account.type')
        Reconciliation = pool.get('account.move.reconciliation')
        Date = pool.get('ir.date')
        line = Line.__table__()
        account = Account.__table__()
        type_ = AccountType.__table__()
        reconciliation = Reconciliation.__table__()
        today = Date.today()
        on_time = Case(
            ((reconciliation.date != Null)
                & (reconciliation.date <= line.maturity_date), 1),
            else_=0)
        late = Case(
            ((reconciliation.date != Null)
                & (reconciliation.date > line.maturity_date), 1),
            ((reconciliation.date == Null)
                & (line.maturity_date < today), 1),
            else_=0)
        return super()._payment_score_queries() + [line
            .join(account, condition=line.account == account.id)
            .join(type_, condition=account.type == type_.id)
            .join(reconciliation, 'LEFT',
                condition=line.reconciliation == reconciliation.id)
            .select(line.party.as_('party'), on_time.as_('on_time'),
                late.as_('late'), Literal(0).as_('bounced'),
                where=(type_.receivable == Literal(True))
                & (line.party != Null)
                & (line.debit > 0)
                & (line.maturity_date != Null))]

    @classmethod
    def _payment_pending_queries(cls):
        "The open receivable lines not late yet: late after their maturity"
        pool = Pool()
        Line = pool.get('account.move.line')
        Account = pool.get('account.account')
        AccountType = pool.get('account.account.type')
        Date = pool.get('ir.date')
        line = Line.__table__()
        account = Account.__table__()
        type_ = AccountType.__table__()
        return super()._payment_pending_queries() + [line
            .join(account, condition=line.account == account.id)
            .join(type_, condition=account.type == type_.id)
            .select(line.party.as_('party'),
                line.maturity_date.as_('date'),
                where=(type_.receivable == Literal(True))
                & (line.party != Null)
                & (line.debit > 0)
                & (line.reconciliation == Null)
                & (line.maturity_date >= Date.today()))]

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [
            ('account.invoice', 'party'), ('account.move.line', 'party')]


# Identifier types of the Iranian invoice form (validated in iranian_ids)
IRANIAN_IDENTIFIER_TYPES = [
    ('ir_economic_code', "Iranian Economic Code"),
    ('ir_legal_id', "Iranian National ID of Legal Persons"),
    ('ir_national_code', "Iranian National Code"),
    ]


class PartyConfiguration(metaclass=PoolMeta):
    __name__ = 'party.configuration'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        known = {k for k, _ in cls.identifier_types.selection}
        cls.identifier_types.selection = sorted(
            cls.identifier_types.selection + [
                t for t in IRANIAN_IDENTIFIER_TYPES if t[0] not in known],
            key=lambda t: t[0])


class PartyIdentifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    @fields.depends('type', 'code')
    def on_change_with_code(self):
        module = iranian_ids.MODULES.get(self.type)
        if module and module.is_valid(self.code):
            return module.compact(self.code)
        return super().on_change_with_code()

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        module = iranian_ids.MODULES.get(values.get('type'))
        if module and module.is_valid(values.get('code')):
            values['code'] = values['code_compact'] = module.compact(
                values['code'])
        return values

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        module = iranian_ids.MODULES.get(getattr(self, 'type', None))
        code = values.get('code', getattr(self, 'code', None))
        if module and module.is_valid(code):
            code = module.compact(code)
            if getattr(self, 'code', None) != code:
                values['code'] = code
            if getattr(self, 'code_compact', None) != code:
                values['code_compact'] = code
        return values

    @fields.depends('type', 'party', 'code')
    def check_code(self):
        "Refuse an Iranian number of the wrong length or check digit"
        module = iranian_ids.MODULES.get(self.type)
        if not module:
            return super().check_code()
        try:
            module.validate(self.code)
        except InvalidLength:
            if self.type in iranian_ids.LENGTHS:
                message = 'crm_fin.msg_ir_identifier_length'
            else:
                message = 'crm_fin.msg_ir_economic_code_length'
        except InvalidFormat:
            message = 'crm_fin.msg_ir_identifier_digits'
        except InvalidChecksum:
            message = 'crm_fin.msg_ir_identifier_check_digit'
        except ValidationError:
            message = 'crm_fin.msg_ir_identifier_invalid'
        else:
            return
        raise InvalidIdentifierCode(gettext(message,
                type=self.type_string, code=self.code or '',
                length=iranian_ids.LENGTHS.get(self.type, '')))


def _of_parties(queries, columns, parties):
    """The hooks' queries restricted to the ids of parties (all when None),
    before they are united and summed, so the database reads the rows of
    these parties only"""
    if parties is None:
        return queries
    return [q.select(*(Column(q, c).as_(c) for c in columns),
            where=SQL_OPERATORS['in'](Column(q, 'party'), parties))
        for q in queries]


def _mirror_clause(name, operator, value, empty):
    """A clause on the party's summary column name for (operator, value),
    or None when the column can not answer it: a negation, or a value of
    the parties without figures (their columns are NULL)"""
    values = value if operator == 'in' else [value]
    if (operator not in {'=', 'in', '<', '<=', '>', '>='}
            or not isinstance(values, (list, tuple))
            or any(v is None or v == empty for v in values)):
        return None
    return (name, operator, value)


def _search_aggregate(query, expression, operator, value, empty):
    """Return a domain on id for clause (operator, value) on the expression
    of query, a query of one row per party (column party); the parties
    missing from query have the value empty (None or '')"""
    if operator in {'in', 'not in'}:
        values = list(value)
    else:
        values = [value]
    has_empty = any(v == empty for v in values)
    values = [v for v in values if v != empty]
    negative = operator in {'not in', '!='}
    if query is None:
        matching = []
        scored = []
    else:
        if not values:
            where = Literal(False)
        elif operator in {'in', 'not in'}:
            where = expression.in_(values)
        elif operator in {'=', '!='}:
            where = expression == values[0]
        else:
            where = SQL_OPERATORS[operator](expression, values[0])
        matching = query.select(query.party, where=where)
        scored = query.select(query.party)
    if operator not in {'in', 'not in', '=', '!='} and has_empty:
        # a comparison with None or '' matches nothing
        return [('id', 'in', [])]
    if not negative:
        domain = [('id', 'in', matching)]
        if has_empty:
            domain = ['OR', domain[0], ('id', 'not in', scored)]
    else:
        domain = [('id', 'not in', matching)]
        if has_empty:
            domain.append(('id', 'in', scored))
    return domain
