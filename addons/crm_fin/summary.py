# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The party summary: one row per party holding what the payment score,
the roles and the last contact need (``crm.party.summary``), so these
fields are read and searched among 1 000 000 parties without aggregating
every payment, sale and call (benchmarks/scale.py).

A row is the direct computation of party.py's hooks (``_payment_score_
queries``, ``_payment_pending_queries``, ``_last_contact_queries``,
``_party_role_queries``) for that party.  The code that changes the data
keeps it: the models of the hooks (invoices, move lines, reconciliations,
sales, opportunities, cheques, communications) mix in
``PartySummarySource``, which recomputes, set-based, the rows of the
parties of the records created, deleted or written (on the fields their
figures depend on) — in the same transaction, once per button
(``summaries_batch``; a reader in the button refreshes first), so a
figure equals the direct query right after the workflow changed the data.
``rebuild`` recomputes every row (after data loaded with SQL).

A summary is read only while it was built by the code running now: its
``signature`` hashes the SQL that computes all of its rows (the hooks of
every activated module), ``rebuild`` stores it in ``crm.summary.state``,
and ``enabled`` compares both.  On a database that had data before the
summary existed, after a module adding hooks was activated, or when a
hook's SQL changed, the signatures differ: the fields and reports read the
direct queries (correct, only slower) until ``build_outdated`` rebuilds the
summaries whose signature changed.  ``trytond-admin -u`` calls it at the end
of the update, with every module loaded (``Party._update_sql_indexes``),
and so does the daily ``refresh_stale`` (for an update that skipped the
indexes).

Only time changes the data without a write: an open receivable line falls
late the day after its maturity date.  A row keeps in ``stale_after`` the
earliest maturity date of its open lines that were not late yet; from the
next day on the row's payment figures are read from the direct queries
(never wrong, only slower) until the daily scheduled action
``refresh_stale`` recomputes them.  The context key ``_crm_summary`` set to
False reads everything directly (the caller card leaves out the ringing
call that way)."""
import datetime
import functools
import hashlib
import weakref
from contextlib import contextmanager

from sql import Column, Conflict, Expression, Literal, Null
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.operators import Concat, Exists, Like

from trytond.cache import Cache
from trytond.model import Index, ModelSQL, Unique, fields
from trytond.model.fields.field import SQL_OPERATORS
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .tools import (
    company_independent, forget_records, in_max, lock_rows, sql_date,
    sql_text)

# the states of a quotation that became a sale (conversion rate)
CONVERTED_STATES = ['confirmed', 'processing', 'done']


def is_converted(sale):
    "1 for a row of the table sale whose quotation became a sale, else 0"
    return Case((sale.state.in_(CONVERTED_STATES), 1), else_=0)

def sold_lines():
    """The tables of the invoices and their lines, the lines joined to their
    invoice, and the condition of the lines of products of posted or paid
    customer invoices"""
    pool = Pool()
    invoice = pool.get('account.invoice').__table__()
    line = pool.get('account.invoice.line').__table__()
    return (invoice, line,
        line.join(invoice, condition=line.invoice == invoice.id),
        (invoice.type == 'out') & invoice.state.in_(['posted', 'paid'])
        & (line.product != Null))

# the measures RFM ranks the customers by (crm.party.rfm), each in its own
# order: the measure, the other two (the customer who bought more or more
# recently comes higher), then the party, so the order is total
RFM_MEASURES = ['last_invoice_date', 'frequency', 'monetary']


def rfm_order(measure):
    "The columns of crm.party.invoice.summary RFM ranks measure by"
    return ([measure] + [m for m in RFM_MEASURES if m != measure]
        + ['party'])


class _Excluded(Expression):
    """The column name of the row an INSERT ... ON CONFLICT DO UPDATE
    proposed (python-sql's Excluded quotes the upper case name PostgreSQL
    does not know)"""
    __slots__ = ('_name',)

    def __init__(self, name):
        super().__init__()
        self._name = name

    def __str__(self):
        return 'EXCLUDED."%s"' % self._name

    @property
    def params(self):
        return ()


# the summaries, in the order they are built
SUMMARIES = ['crm.party.summary', 'crm.party.invoice.summary',
    'crm.quotation.daily', 'crm.product.sales.daily', 'crm.product.affinity']


class SummaryState(ModelSQL):
    """Summary State

    The signature of the code that built a summary (see ``SignedSummary``)"""
    __name__ = 'crm.summary.state'
    __string__ = "Summary State"
    model = fields.Char("Model", required=True)
    signature = fields.Char("Signature")
    _signatures = Cache('crm.summary.state.signatures', context=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('model_unique', Unique(t, t.model),
                'crm_fin.msg_summary_state_unique'),
            ]

    @classmethod
    def signatures(cls):
        "{summary model: signature} as stored (cached)"
        signatures = cls._signatures.get('signatures')
        if signatures is None:
            table = cls.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*table.select(table.model, table.signature))
            signatures = cls._signatures.set('signatures', dict(cursor))
        return signatures

    @classmethod
    def store(cls, model, signature):
        "Store the signature of the code that built the summary model"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.delete(where=table.model == model))
        cursor.execute(*table.insert([table.model, table.signature],
                [[model, signature]]))
        if not Transaction().context.get('_crm_summary_update'):
            cls._signatures.clear()


class SignedSummary:
    """A summary read only while the signature of the code that built it
    (stored by ``rebuild``) is the signature of the code running now"""
    __slots__ = ()

    @classmethod
    def enabled(cls):
        """Whether the fields and reports read the summary (every reader
        asks it first: the rows a running batch touched are refreshed)"""
        flush_summaries()
        return (Transaction().context.get('_crm_summary', True)
            and not cls.outdated())

    @classmethod
    def outdated(cls):
        "Whether the summary was built by other code than the running one"
        State = Pool().get('crm.summary.state')
        return State.signatures().get(cls.__name__) != cls._signature()

    @classmethod
    def _computed_all(cls):
        "The query computing every row (None without any)"
        raise NotImplementedError

    @classmethod
    def _signature_key(cls):
        "What the signature depends on besides the class"
        return None

    @classmethod
    def signature(cls):
        """The SHA-1 of the SQL computing every row: the same for the same
        code whatever the context, the day or the process"""
        with Transaction().reset_context():
            query = cls._computed_all()
        if query is None:
            text, params = '', ()
        else:
            text, params = tuple(query)
        # a figure late from today on counts the day in its parameters
        params = [type(p).__name__
            if isinstance(p, (datetime.date, datetime.datetime)) else p
            for p in params]
        return hashlib.sha1(
            repr((text, params)).encode('utf-8')).hexdigest()

    @classmethod
    def _signature(cls):
        "The signature, computed once per class of the pool"
        key = cls._signature_key()
        cached = cls.__dict__.get('_crm_signature')
        if cached is None or cached[0] is not key:
            cached = (key, cls.signature())
            cls._crm_signature = cached
        return cached[1]

    @classmethod
    def rebuild(cls):
        """Recompute every row from scratch, set-based (after a bulk load
        with SQL or to check the summary), and store the signature of the
        code that did it"""
        signature = cls.signature()
        cls._rebuild()
        Pool().get('crm.summary.state').store(cls.__name__, signature)
        cls._crm_signature = (cls._signature_key(), signature)

    @classmethod
    def _rebuild(cls):
        raise NotImplementedError

    @classmethod
    def changing(cls, keys, created=False):
        """Called with the keys of records about to be written or deleted,
        or just created: a summary that adds what changed keeps what they
        counted before (``QuotationDaily``)"""


class PartySummary(SignedSummary, ModelSQL):
    "Party Summary"
    __name__ = 'crm.party.summary'
    __string__ = "Party Summary"

    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='CASCADE')
    on_time = fields.Integer("On Time")
    late = fields.Integer("Late")
    bounced = fields.Integer("Bounced")
    score = fields.Numeric("Payment Score", digits=(3, 1))
    stale_after = fields.Date("Stale After")
    last_contact = fields.Date("Last Contact")
    roles = fields.Char("Roles")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('party_unique', Unique(t, t.party),
                'crm_fin.msg_party_summary_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.score, Index.Range())),
                Index(t, (t.last_contact, Index.Range())),
                Index(t, (t.stale_after, Index.Range()),
                    where=t.stale_after != Null),
                })

    @classmethod
    def _computed_all(cls):
        return cls._computed()

    @classmethod
    def _signature_key(cls):
        # the hooks are those of the party of the pool
        return Pool().get('party.party')

    @classmethod
    def _computed(cls, party_ids=None):
        """A query of the summary's columns computed by the hooks, for the
        parties of party_ids (all when None)"""
        pool = Pool()
        Party = pool.get('party.party')
        party = Party.__table__()
        totals = Party._payment_score_totals(party_ids)
        pending = Party._payment_pending(party_ids)
        contacts = Party._last_contacts(party_ids)
        from_ = party
        present = []
        columns = {}
        if totals is not None:
            from_ = from_.join(totals, 'LEFT',
                condition=totals.party == party.id)
            present.append(totals.party != Null)
            for name in ['on_time', 'late', 'bounced', 'score']:
                columns[name] = Column(totals, name)
        if pending is not None:
            from_ = from_.join(pending, 'LEFT',
                condition=pending.party == party.id)
            present.append(pending.party != Null)
            columns['stale_after'] = pending.date
        if contacts is not None:
            from_ = from_.join(contacts, 'LEFT',
                condition=contacts.party == party.id)
            present.append(contacts.party != Null)
            columns['last_contact'] = contacts.date
        roles = sql_text(',')
        by_role = {}
        for role, query in Party._party_role_queries():
            by_role.setdefault(role, []).append(query)
        for role in sorted(by_role):
            for query in by_role[role]:
                column = Column(query, 'party')
                having = query.select(column.as_('party'),
                    where=SQL_OPERATORS['in'](column, party_ids)
                    if party_ids is not None else None,
                    group_by=[column])
                from_ = from_.join(having, 'LEFT',
                    condition=having.party == party.id)
                present.append(having.party != Null)
                roles = Concat(roles, Case(
                        (having.party != Null, sql_text(role + ',')),
                        else_=sql_text('')))
        if not present:
            return None
        columns['roles'] = roles
        where = present[0]
        for condition in present[1:]:
            where |= condition
        if party_ids is not None:
            where &= SQL_OPERATORS['in'](party.id, party_ids)
        return from_.select(party.id.as_('party'),
            *(c.as_(n) for n, c in columns.items()), where=where)

    @classmethod
    def _fill(cls, party_ids=None):
        """Insert the computed rows of party_ids (all when None)

        A row another transaction inserted meanwhile is updated: on
        PostgreSQL that waits for it and fails to serialize, so trytond
        runs the request again and the row counts both changes."""
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        computed = cls._computed(party_ids)
        if computed is None:
            return
        names = [c.output_name for c in computed.columns]
        cursor.execute(*table.insert(
                [Column(table, n) for n in names], computed,
                on_conflict=cls._upsert(table, names)))

    @staticmethod
    def _upsert(table, names):
        "The row of the party another transaction inserted is updated"
        return Conflict(table, indexed_columns=[table.party],
            columns=[Column(table, n) for n in names[1:]],
            values=[_Excluded(n) for n in names[1:]])

    @classmethod
    def refresh(cls, party_ids):
        """Recompute the rows of the parties of party_ids, set-based: only
        the rows whose figures change are written (see _changed)"""
        party_ids = sorted({int(p) for p in party_ids if p is not None})
        if not party_ids:
            return
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        # a row per party, written by the transaction that locks it first
        # (the others wait for it)
        for sub in grouped_slice(party_ids, in_max()):
            names, rows = cls._changed(list(sub))
            if not rows:
                continue
            sub = sorted(rows)
            cursor.execute(*table.delete(
                    where=SQL_OPERATORS['in'](table.party, sub)))
            values = [r for r in rows.values() if r is not None]
            if values:
                cursor.execute(*table.insert(
                        [Column(table, n) for n in names], values,
                        on_conflict=cls._upsert(table, names)))
            cls._mirror(sub)

    @classmethod
    def lock_keys(cls, party_ids):
        """Lock the rows of the parties of party_ids, as their refresh
        does (``summaries_batch`` locks them when it first touches them and
        refreshes them at its end)"""
        party_ids = sorted({int(p) for p in party_ids if p is not None})
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        for sub in grouped_slice(party_ids, in_max()):
            cursor.execute(*table.select(table.id,
                    where=SQL_OPERATORS['in'](table.party, list(sub))))
            lock_rows(cls, [i for i, in cursor])

    @classmethod
    def _changed(cls, party_ids):
        """The names of the columns and {party: row computed now (None
        without any)} of the parties of party_ids whose stored row
        differs.  A quotation for a known customer or a cheque before its
        due date changes no figure: writing its unchanged row again would
        make every concurrent transaction on the same customer fail to
        serialize and run again.

        The stored rows are locked (``lock_rows``), as writing them would:
        a concurrent refresh of the same party waits for this transaction
        and runs again only if it wrote the row (then counts both
        changes), not if it only locked it.  (Locked in share mode, the
        transactions holding it would deadlock writing it.)"""
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        computed = cls._computed(party_ids)
        names = ['party']
        rows = {}
        if computed is not None:
            names = [c.output_name for c in computed.columns]
            cursor.execute(*computed)
            rows = {r[0]: tuple(r) for r in cursor}
        cursor.execute(*table.select(table.id,
                *(Column(table, n) for n in names),
                where=SQL_OPERATORS['in'](table.party, party_ids)))
        stored = {}
        for row in cursor:
            stored[row[1]] = (row[0], tuple(row[1:]))
        lock_rows(cls, [i for i, _ in stored.values()])
        stored = {p: r for p, (_, r) in stored.items()}

        def key(row):
            # SQLite answers the dates computed as text, those stored as
            # dates
            return row and tuple(v if v is None else str(v) for v in row)
        return names, {p: rows.get(p) for p in party_ids
            if key(rows.get(p)) != key(stored.get(p))}

    @classmethod
    def _rebuild(cls):
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.delete())
        cls._fill()
        cls._mirror()

    @classmethod
    def _mirror(cls, party_ids=None):
        """Copy what the party lists search (score, class, roles, last
        contact) of the rows of party_ids (all when None) to the columns
        summary_* of party_party: counting parties then reads an index of
        party_party instead of joining its 1 000 000 rows with the summary"""
        pool = Pool()
        Party = pool.get('party.party')
        party = Party.__table__()
        summary = cls.__table__()
        cursor = Transaction().connection.cursor()
        columns = [party.summary_score, party.summary_class,
            party.summary_roles, party.summary_last_contact]
        values = [summary.score, Party.payment_class_sql(summary.score),
            summary.roles, summary.last_contact]
        where = summary.party == party.id
        if party_ids is not None:
            where &= SQL_OPERATORS['in'](party.id, party_ids)
        cursor.execute(*party.update(columns, values, from_=[summary],
                where=where))
        # the parties left without a row (NOT EXISTS: an anti-join, where
        # NOT IN scans the summary for each of 1 000 000 parties)
        other = cls.__table__()
        where = ~Exists(other.select(Literal(1),
                where=other.party == party.id))
        if party_ids is not None:
            where &= SQL_OPERATORS['in'](party.id, party_ids)
        else:
            where &= ((party.summary_score != Null)
                | (party.summary_roles != Null)
                | (party.summary_last_contact != Null))
        cursor.execute(*party.update(
                columns, [Null] * len(columns), where=where))
        # the parties read before in this transaction are read again
        forget_records(Party.__name__, party_ids)

    @classmethod
    def contacts_moving(cls, dates):
        """The parties of dates ({party id: date of a new contact}) whose
        last contact the new contact moves: those without a row or whose
        last contact is earlier. A contact on or before the last one
        changes nothing of the row (the last contact is a maximum), so the
        caller needs no refresh, which would write the party's rows: the
        PBX logs many calls of the same callers a day.

        The rows are read without a lock: 20 calls a second of a few
        callers would queue on them behind every posting of their
        invoices (locked in share mode, the first calls of a day of one
        caller deadlocked writing the row they all found moving).  The
        moving rows are locked by the refresh that writes them.  Left: a
        contact deleted at the same moment as a call of the same day is
        logged may leave the row's last contact before the call's, until the
        row's next refresh."""
        if not dates:
            return set()
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        moving = set(dates)
        for sub in grouped_slice(sorted(dates), in_max()):
            cursor.execute(*table.select(table.party, table.last_contact,
                    where=SQL_OPERATORS['in'](table.party, list(sub))))
            for party_id, last_contact in cursor:
                if last_contact is not None:
                    if sql_date(last_contact) >= dates[party_id]:
                        moving.discard(party_id)
        return moving

    @classmethod
    @company_independent
    def refresh_stale(cls):
        """Recompute the rows whose payment figures changed with the date
        (and build the summaries an update left outdated); merge the rows
        the quotations of each day added"""
        Date = Pool().get('ir.date')
        build_outdated()
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.party,
                where=table.stale_after < Date.today()))
        cls.refresh([p for p, in cursor])
        pool = Pool()
        for name in ['crm.quotation.daily', 'crm.product.affinity']:
            try:
                pool.get(name).compact()
            except KeyError:
                continue


class KeyedSummaryMixin(SignedSummary):
    """A summary whose rows are those of ``_computed`` grouped by the
    columns ``_summary_columns`` (the key), recomputed for the keys a
    workflow touched"""
    __slots__ = ()
    _summary_columns = ('company', 'date')
    _summary_unique = False

    @classmethod
    def _computed(cls, where):
        """A query of the summary's columns, where a function of the key's
        columns returning a condition on them"""
        raise NotImplementedError

    @classmethod
    def _keyed(cls, keys):
        """Yield, per slice of keys (tuples of the key's values), the
        function of the key's columns returning the condition matching
        them"""
        keys = sorted({k for k in keys if None not in k})
        for sub in grouped_slice(keys, in_max() // len(cls._summary_columns)):
            sub = list(sub)

            def matching(*columns, sub=sub):
                where = Literal(False)
                for key in sub:
                    condition = Literal(True)
                    for column, value in zip(columns, key):
                        condition &= column == value
                    where |= condition
                return where
            yield matching

    @classmethod
    def _lock_matching(cls, table, matching):
        "Lock the rows of table matching; return their condition"
        cursor = Transaction().connection.cursor()
        where = matching(*(Column(table, c) for c in cls._summary_columns))
        # the rows of a day are those of every user's quotations: a user
        # waits for the other and runs again on the new row
        cursor.execute(*table.select(table.id, where=where))
        lock_rows(cls, [i for i, in cursor])
        return where

    @classmethod
    def lock_keys(cls, keys):
        """Lock the rows of keys, as their refresh does
        (``summaries_batch``)"""
        table = cls.__table__()
        for matching in cls._keyed(keys):
            cls._lock_matching(table, matching)

    @classmethod
    def refresh(cls, keys):
        "Recompute the rows of keys, tuples of the key's values"
        cls._recompute(keys)

    @classmethod
    def _recompute(cls, keys):
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        for matching in cls._keyed(keys):
            where = cls._lock_matching(table, matching)
            cursor.execute(*table.delete(where=where))
            cls._fill(matching)

    @classmethod
    def _fill(cls, where):
        """Insert the rows of where; with a key of one row (``_summary_
        unique``) a row another transaction inserted meanwhile is updated
        (see PartySummary._fill)"""
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        computed = cls._computed(where)
        names = [c.output_name for c in computed.columns]
        conflict = None
        if cls._summary_unique:
            others = [n for n in names if n not in cls._summary_columns]
            conflict = Conflict(table,
                indexed_columns=[
                    Column(table, n) for n in cls._summary_columns],
                columns=[Column(table, n) for n in others],
                values=[_Excluded(n) for n in others])
        cursor.execute(*table.insert([Column(table, n) for n in names],
                computed, on_conflict=conflict))

    @classmethod
    def _computed_all(cls):
        return cls._computed(lambda *columns: Literal(True))

    @classmethod
    def _rebuild(cls):
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.delete())
        cls._fill(lambda *columns: Literal(True))


class DailySummaryMixin(KeyedSummaryMixin):
    """A summary per company and day: a day keeps the reports free to
    count months and years in the user's calendar (Jalali or Gregorian)"""
    __slots__ = ()
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.company, Index.Equality()), (t.date, Index.Range())))


# {transaction: {sale id: (company, quotation date, converted) or None}}:
# what the sales a transaction is changing counted in crm.quotation.daily
_counted = weakref.WeakKeyDictionary()


class QuotationDaily(DailySummaryMixin, ModelSQL):
    """Quotations per Day

    Its rows are only added, never rewritten: a transaction that changes
    quotations adds, per company and day, the difference it made (its keys
    are the sales changed).  Every quotation of a company and day rewrote
    the day's one row: under load the marketers' quotations and conversions
    waited for each other and ran again.  The reports add a day's rows up;
    ``compact`` merges them (daily, ``PartySummary.refresh_stale``).  What
    a sale counted is read before the change (``changing``) in the
    transaction's snapshot: the write of the sale itself makes a
    concurrent change of the same sale fail to serialize and run again, so
    what was read is what the committed rows count."""
    __name__ = 'crm.quotation.daily'
    __string__ = "Quotations per Day"

    quotations = fields.Integer("Quotations")
    converted = fields.Integer("Converted")

    @classmethod
    def _counts(cls, sale_ids):
        """{sale id: (company, quotation date, converted)} of the
        quotations among sale_ids"""
        Sale = Pool().get('sale.sale')
        sale = Sale.__table__()
        cursor = Transaction().connection.cursor()
        result = {}
        for sub in grouped_slice(sale_ids, in_max()):
            cursor.execute(*sale.select(sale.id, sale.company,
                    sale.quotation_date, is_converted(sale),
                    where=SQL_OPERATORS['in'](sale.id, list(sub))
                    & (sale.quotation_date != Null)))
            for sale_id, company, date, converted in cursor:
                result[sale_id] = (company, sql_date(date), converted)
        return result

    @classmethod
    def changing(cls, sale_ids, created=False):
        "Keep what the sales counted before this transaction changes them"
        counted = _counted.setdefault(Transaction(), {})
        new = sorted({int(i) for i in sale_ids} - set(counted))
        counts = cls._counts(new) if new and not created else {}
        for sale_id in new:
            counted[sale_id] = counts.get(sale_id)

    @classmethod
    def lock_keys(cls, sale_ids):
        "Nothing to lock: the rows are only added"

    @classmethod
    def refresh(cls, sale_ids):
        """Add, per company and day, what the changes of the sales of
        sale_ids made (what they count now less what they counted)"""
        counted = _counted.get(Transaction(), {})
        sale_ids = sorted({int(i) for i in sale_ids} & set(counted))
        if not sale_ids:
            return
        before = [counted.pop(i) for i in sale_ids]
        after = cls._counts(sale_ids).values()
        changes = {}
        for counts, sign in [(before, -1), (after, 1)]:
            for count in counts:
                if count is None:
                    continue
                company, date, converted = count
                change = changes.setdefault((company, date), [0, 0])
                change[0] += sign
                change[1] += sign * converted
        rows = [[c, d, q, v] for (c, d), (q, v) in sorted(changes.items())
            if q or v]
        if rows:
            table = cls.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*table.insert([table.company, table.date,
                        table.quotations, table.converted], rows))

    @classmethod
    def compact(cls):
        "Merge the rows of each company and day into one"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.company, table.date,
                group_by=[table.company, table.date],
                having=Count(table.id) > 1))
        keys = list(cursor)
        if keys:
            cls._recompute(keys)

    @classmethod
    def _rebuild(cls):
        # the rebuild counts what the running transaction changed so far
        _counted.pop(Transaction(), None)
        super()._rebuild()

    @classmethod
    def _computed(cls, where):
        Sale = Pool().get('sale.sale')
        sale = Sale.__table__()
        return sale.select(sale.company.as_('company'),
            sale.quotation_date.as_('date'),
            Count(sale.id).as_('quotations'),
            Sum(is_converted(sale)).as_('converted'),
            where=(sale.quotation_date != Null)
            & where(sale.company, sale.quotation_date),
            group_by=[sale.company, sale.quotation_date])


class ProductSalesDaily(DailySummaryMixin, ModelSQL):
    "Product Sales per Day"
    __name__ = 'crm.product.sales.daily'
    __string__ = "Product Sales per Day"

    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    first_line = fields.Integer("First Line")
    quantity = fields.Float("Quantity")
    amount = fields.Numeric("Amount")

    @classmethod
    def _computed(cls, where):
        invoice, line, lines, sold = sold_lines()
        return lines.select(invoice.company.as_('company'),
                invoice.invoice_date.as_('date'),
                line.product.as_('product'),
                Min(line.id).as_('first_line'),
                Sum(line.quantity).as_('quantity'),
                Sum(line.quantity * line.unit_price).as_('amount'),
                where=sold & where(invoice.company, invoice.invoice_date),
                group_by=[invoice.company, invoice.invoice_date,
                    line.product])


class PartyInvoiceSummary(KeyedSummaryMixin, ModelSQL):
    """Customer Invoices Summary

    Per company and customer: the date of the last posted or paid customer
    invoice, their number and untaxed amount (what RFM ranks)."""
    __name__ = 'crm.party.invoice.summary'
    __string__ = "Customer Invoices Summary"
    _summary_columns = ('company', 'party')
    _summary_unique = True

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    last_invoice_date = fields.Date("Last Invoice")
    frequency = fields.Integer("Invoices")
    monetary = fields.Numeric("Invoiced")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('company_party_unique', Unique(t, t.company, t.party),
                'crm_fin.msg_party_summary_unique'),
            ]
        # a company's customers in each order of RFM: its quintile cuts are
        # read at their position from either end of the index, without
        # sorting (PartyRFM._cuts)
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    *((Column(t, c), Index.Range()) for c in rfm_order(m)))
                for m in RFM_MEASURES})

    @classmethod
    def _computed(cls, where):
        Invoice = Pool().get('account.invoice')
        invoice = Invoice.__table__()
        return invoice.select(invoice.company.as_('company'),
            invoice.party.as_('party'),
            Max(invoice.invoice_date).as_('last_invoice_date'),
            Count(invoice.id).as_('frequency'),
            Sum(Coalesce(invoice.untaxed_amount_cache, 0)).as_('monetary'),
            where=(invoice.type == 'out')
            & invoice.state.in_(['posted', 'paid'])
            & where(invoice.company, invoice.party),
            group_by=[invoice.company, invoice.party])


# {transaction: {(company, party): the products the party bought}} before
# the transaction changed its invoices (crm.product.affinity)
_bought_before = weakref.WeakKeyDictionary()


class ProductAffinity(KeyedSummaryMixin, ModelSQL):
    """Products Bought Together

    Per company and ordered pair of products, the number of customers who
    bought both on posted or paid customer invoices: what a customer's
    recommended products rank (``recommended``).  Computed at each form's
    opening from the invoices, the recommendation aggregated every invoice
    line of the company several times: 3 to 9 s among 1 000 000 invoice
    lines (benchmarks/scale.py); from this summary it reads the pairs of the
    customer's few products.

    Its rows are only added, as crm.quotation.daily's: a transaction that
    changes what customers bought adds, per pair, the difference it made
    (its keys are the company and the customer: what the customer bought
    before, kept by ``changing``, against what it bought after).  Each
    posting rewrote the rows of the popular pairs otherwise, every
    marketer's posting waiting for the others'.  The postings of one
    customer wait for each other on crm.party.invoice.summary's row, which
    they all rewrite: the later one runs again on a snapshot that sees the
    earlier.  ``compact`` merges each pair's rows (daily,
    ``PartySummary.refresh_stale``)."""
    __name__ = 'crm.product.affinity'
    __string__ = "Products Bought Together"
    _summary_columns = ('company', 'product', 'other')

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    other = fields.Many2One(
        'product.product', "Other Product", required=True,
        ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    customers = fields.Integer("Customers")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.company, Index.Equality()), (t.product, Index.Range()),
                include=[t.other, t.customers]))

    @classmethod
    def _bought(cls, where):
        """The query of the (company, party, product) that customers bought
        on posted or paid invoices, where a function of the invoice table
        returning a condition"""
        invoice, line, lines, sold = sold_lines()
        return lines.select(invoice.company.as_('company'),
                invoice.party.as_('party'), line.product.as_('product'),
                where=sold & where(invoice),
                group_by=[invoice.company, invoice.party, line.product])

    @classmethod
    def _products(cls, keys):
        """{(company, party): frozenset of the products bought} of keys"""
        cursor = Transaction().connection.cursor()
        keys = {k for k in keys if None not in k}
        result = {k: set() for k in keys}
        for sub in grouped_slice(sorted({p for _, p in keys}), in_max()):
            cursor.execute(*cls._bought(
                    lambda invoice, sub=list(sub): SQL_OPERATORS['in'](
                        invoice.party, sub)))
            for company, party, product in cursor:
                if (company, party) in result:
                    result[company, party].add(product)
        return {k: frozenset(v) for k, v in result.items()}

    @classmethod
    def _computed(cls, where):
        mine, theirs = (cls._bought(lambda invoice: Literal(True))
            for _ in range(2))
        return mine.join(theirs,
            condition=(theirs.company == mine.company)
            & (theirs.party == mine.party)
            & (theirs.product != mine.product)
            ).select(mine.company.as_('company'),
                mine.product.as_('product'), theirs.product.as_('other'),
                Count(theirs.product).as_('customers'),
                where=where(mine.company, mine.product, theirs.product),
                group_by=[mine.company, mine.product, theirs.product])

    @classmethod
    def changing(cls, keys, created=False):
        """Keep what the customers of keys (company, party) bought before
        this transaction changes their invoices"""
        before = _bought_before.setdefault(Transaction(), {})
        new = {tuple(k) for k in keys if None not in k} - set(before)
        if new:
            before.update(cls._products(new))

    @classmethod
    def lock_keys(cls, keys):
        "Nothing to lock: the rows are only added"

    @classmethod
    def refresh(cls, keys):
        """Add, per pair of products, what the changes of the invoices of
        the customers of keys (company, party) made"""
        kept = _bought_before.get(Transaction(), {})
        keys = sorted({tuple(k) for k in keys} & set(kept))
        if not keys:
            return
        before = {k: kept.pop(k) for k in keys}
        after = cls._products(keys)
        changes = {}
        for key in keys:
            old, new = before[key], after[key]
            # only the pairs with a product bought or no longer bought
            pairs = set()
            for product in old ^ new:
                for other in (old | new) - {product}:
                    pairs.update([(product, other), (other, product)])
            for product, other in pairs:
                change = (int(product in new and other in new)
                    - int(product in old and other in old))
                if change:
                    pair = (key[0], product, other)
                    changes[pair] = changes.get(pair, 0) + change
        rows = [list(k) + [n] for k, n in sorted(changes.items()) if n]
        if rows:
            table = cls.__table__()
            cursor = Transaction().connection.cursor()
            for sub in grouped_slice(rows, in_max()):
                cursor.execute(*table.insert([table.company, table.product,
                            table.other, table.customers], list(sub)))

    @classmethod
    def compact(cls):
        """Merge the rows of each pair into one, and drop the pairs no
        customer bought any more"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        total = Sum(table.customers)
        cursor.execute(*table.select(table.company, table.product,
                table.other, total,
                group_by=[table.company, table.product, table.other],
                having=(Count(table.id) > 1) | (total == 0)))
        rows = list(cursor)
        for matching in cls._keyed([r[:3] for r in rows]):
            # the rows of this snapshot: a row added meanwhile stays
            cursor.execute(*table.delete(where=matching(
                        table.company, table.product, table.other)))
        sums = [list(r) for r in rows if r[3]]
        for sub in grouped_slice(sums, in_max()):
            cursor.execute(*table.insert([table.company, table.product,
                        table.other, table.customers], list(sub)))

    @classmethod
    def _rebuild(cls):
        # the rebuild counts what the running transaction changed so far
        _bought_before.pop(Transaction(), None)
        super()._rebuild()

    @classmethod
    def recommended(cls, company, party_ids, limit=5):
        """{party: the ids of at most limit products} that the customers
        who bought the same products also bought, and not the party: ranked
        by the number of such customers, summed over the party's products
        (a customer sharing two of them counts twice)"""
        cursor = Transaction().connection.cursor()
        result = {p: [] for p in party_ids}
        enabled = cls.enabled()
        for sub in grouped_slice(party_ids, in_max()):
            sub = list(sub)

            def customers(invoice, sub=sub):
                return (invoice.company == company) & SQL_OPERATORS['in'](
                    invoice.party, sub)
            mine, owned = cls._bought(customers), cls._bought(customers)
            if enabled:
                pair = cls.__table__()
                query = mine.join(pair,
                    condition=(pair.company == company)
                    & (pair.product == mine.product))
                other, score = pair.other, Sum(pair.customers)
            else:
                # the direct computation: the customers sharing a product
                # with the party, and what they bought
                def company_of(invoice):
                    return invoice.company == company
                peer, theirs = (cls._bought(company_of) for _ in range(2))
                query = (mine
                    .join(peer, condition=(peer.product == mine.product)
                        & (peer.party != mine.party))
                    .join(theirs, condition=theirs.party == peer.party))
                other, score = theirs.product, Count(theirs.product)
            query = query.join(owned, 'LEFT',
                condition=(owned.party == mine.party)
                & (owned.product == other)
                ).select(mine.party, other, score,
                    where=owned.product == Null,
                    group_by=[mine.party, other],
                    having=score > 0,
                    order_by=[mine.party, score.desc, other])
            cursor.execute(*query)
            for party_id, product_id, _ in cursor:
                if len(result[party_id]) < limit:
                    result[party_id].append(product_id)
        return result


# {transaction: {summary: keys}} touched in the running batch
_batches = weakref.WeakKeyDictionary()


def _refresh(touched):
    "Refresh the rows of {summary: keys}, the summaries in a fixed order"
    pool = Pool()
    for name in sorted(touched, key=SUMMARIES.index):
        if touched[name]:
            pool.get(name).refresh(touched[name])


def flush_summaries():
    "Refresh now the rows the running batch touched so far"
    transaction = Transaction()
    touched = _batches.get(transaction)
    if touched:
        _batches[transaction] = {}
        _refresh(touched)


@contextmanager
def summaries_batch():
    """Refresh the summary rows that the modifications in the block touch
    once, at its end, instead of once per modification: posting an invoice
    writes the invoice, its move and its lines several times, each of which
    recomputed the customer's rows.  The rows are locked when the block
    first touches them (``lock_keys``), as refreshing them then did.  A
    reader of a summary in the block (``SignedSummary.enabled``) refreshes
    them first, so a figure still equals the direct query whenever it is
    read.  Nested blocks are one."""
    transaction = Transaction()
    if transaction in _batches:
        yield
        return
    _batches[transaction] = {}
    try:
        yield
    except Exception:
        touched = _batches.pop(transaction)
        try:
            # the modifications before the error stay for a caller that
            # goes on with the transaction
            _refresh(touched)
        except Exception:
            # the database refused the transaction: it is rolled back and
            # the block's error is the one to report (and to retry on)
            pass
        raise
    else:
        _refresh(_batches.pop(transaction))


def _batched(method):
    "The classmethod function method refreshing the summaries once"
    @functools.wraps(method)
    def wrapper(cls, *args, **kwargs):
        with summaries_batch():
            return method(cls, *args, **kwargs)
    wrapper._summaries_batch = True
    return wrapper


class SummarySource:
    """A model whose records count in summaries: ``_summary_fields`` maps a
    summary model to the fields its rows depend on; the rows of the keys
    (``_summary_keys``) of the records created, deleted or written on one
    of them are recomputed, set-based, in the same transaction — once per
    button of the model (``summaries_batch``), once per modification
    elsewhere"""
    __slots__ = ()
    _summary_fields = {'crm.party.summary': {'party'}}

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        # a workflow's button modifies its records and their documents
        # several times: the summaries refreshed once, at its end
        for name in cls._buttons:
            # a classmethod (a dualmethod is left as it is)
            function = getattr(getattr(cls, name, None), '__func__', None)
            if function and not getattr(function, '_summaries_batch', False):
                setattr(cls, name, classmethod(_batched(function)))

    @classmethod
    def _summary_keys(cls, name, records):
        "The keys of the rows of summary name that records count in"
        if name == 'crm.party.summary':
            return {r.party.id for r in records
                if getattr(r, 'party', None)}
        return set()

    @classmethod
    def _summary_touched(cls, records, field_names=None):
        """{summary: keys} of records, for the summaries depending on
        field_names (all when None)"""
        return {name: cls._summary_keys(name, records)
            for name, depends in cls._summary_fields.items()
            if field_names is None or depends & set(field_names)}

    @classmethod
    def _summary_created(cls, records):
        "{summary: keys} to refresh for the created records"
        return cls._summary_touched(records)

    @staticmethod
    def _summary_changing(touched, created=False):
        "Tell the summaries of touched ({summary: keys}) what changes"
        pool = Pool()
        for name, keys in touched.items():
            if keys:
                pool.get(name).changing(keys, created=created)

    @staticmethod
    def _summary_refresh(touched):
        batch = _batches.get(Transaction())
        if batch is None:
            _refresh(touched)
            return
        pool = Pool()
        for name, keys in touched.items():
            seen = batch.setdefault(name, set())
            new = set(keys) - seen
            if new:
                # locked now, as refreshing them now did: a concurrent
                # button on the same customer or day waits here instead of
                # doing all of its work before it fails to serialize and
                # runs again
                pool.get(name).lock_keys(new)
                seen |= new

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'create':
            created = cls._summary_created(records)
            cls._summary_changing(created, created=True)
            cls._summary_refresh(created)
        elif mode == 'write':
            cls._summary_refresh(
                cls._summary_touched(records, field_names or ()))

    @classmethod
    def on_write(cls, records, values):
        callbacks = super().on_write(records, values)
        touched = cls._summary_touched(records, values)
        if any(touched.values()):
            cls._summary_changing(touched)
            ids = [r.id for r in records]

            def left():
                if Transaction() in _batches:
                    # collected for the batch's end, once
                    cls._summary_refresh(touched)
                    return
                # the rows the records left: on_modification refreshed
                # those they are in (refreshed twice before)
                now = cls._summary_touched(cls.browse(ids), values)
                cls._summary_refresh({name: set(keys) - set(now[name])
                        for name, keys in touched.items()})
            callbacks.append(left)
        return callbacks

    @classmethod
    def on_delete(cls, records):
        callbacks = super().on_delete(records)
        touched = cls._summary_touched(records)
        if any(touched.values()):
            cls._summary_changing(touched)
            callbacks.append(lambda: cls._summary_refresh(touched))
        return callbacks


class Sale(SummarySource, metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # the quotations of a day (crm.quotation.daily)
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.quotation_date, Index.Range())))
    _summary_fields = {
        'crm.party.summary': {
            'party', 'state', 'sale_date', 'quotation_date'},
        'crm.quotation.daily': {'company', 'state', 'quotation_date'},
        }

    @classmethod
    def _summary_keys(cls, name, records):
        if name == 'crm.quotation.daily':
            # the sales: the summary adds what their changes made
            return {s.id for s in records}
        return super()._summary_keys(name, records)


class Opportunity(SummarySource, metaclass=PoolMeta):
    __name__ = 'sale.opportunity'
    _summary_fields = {'crm.party.summary': {'party', 'state'}}


class Invoice(SummarySource, metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # the invoices of a customer and of a day (the summaries' refresh)
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Equality())),
                Index(t, (t.company, Index.Equality()),
                    (t.invoice_date, Index.Range())),
                })
    _summary_fields = {
        'crm.party.summary': {'party', 'type', 'state', 'invoice_date'},
        'crm.product.sales.daily': {
            'company', 'type', 'state', 'invoice_date'},
        'crm.party.invoice.summary': {
            'company', 'party', 'type', 'state', 'invoice_date',
            'untaxed_amount_cache'},
        'crm.product.affinity': {'company', 'party', 'type', 'state'},
        }

    @classmethod
    def _summary_keys(cls, name, records):
        if name == 'crm.product.sales.daily':
            return {(i.company.id, i.invoice_date) for i in records
                if i.type == 'out' and i.invoice_date}
        if name in {'crm.party.invoice.summary', 'crm.product.affinity'}:
            return {(i.company.id, i.party.id) for i in records
                if i.type == 'out'}
        return super()._summary_keys(name, records)


class InvoiceLine(SummarySource, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'
    _summary_fields = {
        'crm.product.sales.daily': {
            'invoice', 'product', 'quantity', 'unit_price'},
        'crm.product.affinity': {'invoice', 'product'},
        }

    @classmethod
    def _summary_keys(cls, name, records):
        if name == 'crm.product.sales.daily':
            return {(l.invoice.company.id, l.invoice.invoice_date)
                for l in records if l.invoice and l.invoice.invoice_date}
        if name == 'crm.product.affinity':
            # the lines of a draft invoice count from its posting on
            return {(l.invoice.company.id, l.invoice.party.id)
                for l in records if l.invoice and l.invoice.type == 'out'
                and l.invoice.state in {'posted', 'paid'}}
        return super()._summary_keys(name, records)


class MoveLine(SummarySource, metaclass=PoolMeta):
    __name__ = 'account.move.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # the payments of a party (crm.party.summary)
        cls._sql_indexes.add(Index(t, (t.party, Index.Equality()),
                where=t.party != Null))
    _summary_fields = {'crm.party.summary': {
            'party', 'account', 'debit', 'maturity_date', 'reconciliation'}}


class Reconciliation(SummarySource, metaclass=PoolMeta):
    __name__ = 'account.move.reconciliation'
    _summary_fields = {'crm.party.summary': {'date', 'lines'}}

    @classmethod
    def _summary_keys(cls, name, records):
        if name == 'crm.party.summary':
            return {l.party.id for r in records for l in r.lines
                if l.party}
        return super()._summary_keys(name, records)


class Party(metaclass=PoolMeta):
    """What the party lists search of the party summary, kept on the party
    itself by PartySummary._mirror (see there); nobody writes them through
    the ORM (field access) and copies start without them"""
    __name__ = 'party.party'
    summary_score = fields.Numeric(
        "Summary Payment Score", digits=(3, 1), readonly=True)
    summary_class = fields.Char("Summary Payment Class", readonly=True)
    summary_roles = fields.Char("Summary Roles", readonly=True)
    summary_last_contact = fields.Date("Summary Last Contact", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        active = t.active == Literal(True)
        cls._sql_indexes.update({
                Index(t, (t.summary_score, Index.Range()), where=active),
                Index(t, (t.summary_class, Index.Equality()), where=active),
                Index(t, (t.summary_last_contact, Index.Range()),
                    where=active),
                })

    @classmethod
    def __setup_indexes__(cls):
        super().__setup_indexes__()
        t = cls.__table__()
        # a partial index per role: the roles are those of the hooks, known
        # once the pool is set up
        for role in sorted({r for r, _ in cls._party_role_queries()}):
            cls._sql_indexes.add(Index(t, (t.id, Index.Range()),
                    where=(t.active == Literal(True))
                    # the expression of a Char's like clause
                    & Like(Coalesce(t.summary_roles, ''),
                        '%,' + role + ',%', escape='\\')))

    @classmethod
    def __register__(cls, module):
        table_h = cls.__table_handler__(module)
        filled = table_h.column_exist('summary_score')
        super().__register__(module)
        if not filled and table_h.table_exist('crm_party_summary'):
            # a database that had its party summary before the columns
            Pool().get('crm.party.summary')._mirror()

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        for name in ['summary_score', 'summary_class', 'summary_roles',
                'summary_last_contact']:
            default.setdefault(name, None)
        return super().copy(parties, default=default)

    @classmethod
    def _update_sql_indexes(cls, concurrently=False):
        # trytond-admin -u calls it after every module of the update was
        # loaded: the summaries' hooks are all there
        super()._update_sql_indexes(concurrently=concurrently)
        # the update clears every cache at its end; a cache cleared here
        # would wait at the commit for the lock the transaction took on
        # ir_cache creating its index (--all, a new database)
        with Transaction().set_context(
                _crm_summary_update=not concurrently):
            build_outdated()


class PartyReplace(metaclass=PoolMeta):
    "Merging a party moves its documents (with SQL) to another one"
    __name__ = 'party.replace'

    def transition_replace(self):
        pool = Pool()
        parties = [self.ask.source.id, self.ask.destination.id]
        # the summaries of each company and customer
        keyed = []
        for name in ['crm.party.invoice.summary', 'crm.product.affinity']:
            try:
                keyed.append(pool.get(name))
            except KeyError:
                continue
        keys = set()
        if keyed:
            company = pool.get('company.company').__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*company.select(company.id))
            keys = {(c, p) for c, in cursor for p in parties}
        for Summary in keyed:
            Summary.changing(keys)
        state = super().transition_replace()
        pool.get('crm.party.summary').refresh(parties)
        for Summary in keyed:
            Summary.refresh(keys)
        return state


def _summaries():
    "The summary models of the activated modules"
    pool = Pool()
    for name in SUMMARIES:
        try:
            yield pool.get(name)
        except KeyError:
            continue


def rebuild_summaries():
    """Rebuild every summary of the database, set-based: after data went
    in with SQL (benchmarks/scale.py)"""
    for Model in _summaries():
        Model.rebuild()


def build_outdated():
    """Rebuild the summaries built by other code than the running one
    (none: a query of the cached signatures)"""
    for Model in _summaries():
        if Model.outdated():
            Model.rebuild()

