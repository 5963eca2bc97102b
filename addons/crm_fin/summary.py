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
figures depend on) — in the same transaction, so a figure equals the
direct query right after the workflow changed the data.  ``rebuild``
recomputes every row (after data loaded with SQL, or on a database that had
data before the summary existed).

Only time changes the data without a write: an open receivable line falls
late the day after its maturity date.  A row keeps in ``stale_after`` the
earliest maturity date of its open lines that were not late yet; from the
next day on the row's payment figures are read from the direct queries
(never wrong, only slower) until the daily scheduled action
``refresh_stale`` recomputes them.  The context key ``_crm_summary`` set to
False reads everything directly (the caller card leaves out the ringing
call that way)."""
from sql import Column, Null
from sql.conditionals import Case
from sql.operators import Concat

from trytond.model import Index, ModelSQL, Unique, fields
from trytond.model.fields.field import SQL_OPERATORS
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .tools import company_independent, in_max, sql_text


class PartySummary(ModelSQL):
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
    def enabled(cls):
        "Whether the party fields read the summary"
        return Transaction().context.get('_crm_summary', True)

    @classmethod
    def _computed(cls, party_ids=None):
        """A query of the summary's columns computed by the hooks, for the
        parties of party_ids (all when None)"""
        pool = Pool()
        Party = pool.get('party.party')
        party = Party.__table__()
        totals = Party._payment_score_totals()
        pending = Party._payment_pending()
        contacts = Party._last_contacts()
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
                having = query.select(column.as_('party'), group_by=[column])
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
        "Insert the computed rows of party_ids (all when None)"
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        computed = cls._computed(party_ids)
        if computed is None:
            return
        names = [c.output_name for c in computed.columns]
        cursor.execute(*table.insert(
                [Column(table, n) for n in names], computed))

    @classmethod
    def refresh(cls, party_ids):
        "Recompute the rows of the parties of party_ids, set-based"
        party_ids = sorted({int(p) for p in party_ids if p is not None})
        if not party_ids:
            return
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        # a row per party, written by the transaction that locks it first
        # (the others wait for it)
        for sub in grouped_slice(party_ids, in_max()):
            sub = list(sub)
            cursor.execute(*table.delete(
                    where=SQL_OPERATORS['in'](table.party, sub)))
            cls._fill(sub)

    @classmethod
    def rebuild(cls):
        """Recompute every row from scratch, set-based (after a bulk load
        with SQL or to check the summary)"""
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.delete())
        cls._fill()

    @classmethod
    @company_independent
    def refresh_stale(cls):
        "Recompute the rows whose payment figures changed with the date"
        Date = Pool().get('ir.date')
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.party,
                where=table.stale_after < Date.today()))
        cls.refresh([p for p, in cursor])


class PartySummarySource:
    """A model whose records change the summary of their parties: the rows
    of the parties of the records created, deleted or written on one of
    ``_party_summary_fields`` are recomputed"""
    __slots__ = ()
    _party_summary_fields = {'party'}

    @classmethod
    def _party_summary_parties(cls, records):
        "The ids of the parties whose figures records count in"
        return {r.party.id for r in records if getattr(r, 'party', None)}

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'create' or (mode == 'write'
                and cls._party_summary_fields & set(field_names or ())):
            Pool().get('crm.party.summary').refresh(
                cls._party_summary_parties(records))

    @classmethod
    def on_write(cls, records, values):
        callbacks = super().on_write(records, values)
        if cls._party_summary_fields & set(values):
            # the parties the records leave
            parties = cls._party_summary_parties(records)
            if parties:
                callbacks.append(lambda: Pool().get(
                        'crm.party.summary').refresh(parties))
        return callbacks

    @classmethod
    def on_delete(cls, records):
        callbacks = super().on_delete(records)
        parties = cls._party_summary_parties(records)
        if parties:
            callbacks.append(
                lambda: Pool().get('crm.party.summary').refresh(parties))
        return callbacks


class Sale(PartySummarySource, metaclass=PoolMeta):
    __name__ = 'sale.sale'
    _party_summary_fields = {
        'party', 'state', 'sale_date', 'quotation_date'}


class Opportunity(PartySummarySource, metaclass=PoolMeta):
    __name__ = 'sale.opportunity'
    _party_summary_fields = {'party', 'state'}


class Invoice(PartySummarySource, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    _party_summary_fields = {'party', 'type', 'state', 'invoice_date'}


class MoveLine(PartySummarySource, metaclass=PoolMeta):
    __name__ = 'account.move.line'
    _party_summary_fields = {
        'party', 'account', 'debit', 'maturity_date', 'reconciliation'}


class Reconciliation(PartySummarySource, metaclass=PoolMeta):
    __name__ = 'account.move.reconciliation'
    _party_summary_fields = {'date', 'lines'}

    @classmethod
    def _party_summary_parties(cls, records):
        return {l.party.id for r in records for l in r.lines if l.party}


class PartyReplace(metaclass=PoolMeta):
    "Merging a party moves its documents (with SQL) to another one"
    __name__ = 'party.replace'

    def transition_replace(self):
        state = super().transition_replace()
        Pool().get('crm.party.summary').refresh(
            [self.ask.source.id, self.ask.destination.id])
        return state
