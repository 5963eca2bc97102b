# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The points ledger: append-only lines earned, redeemed, decayed, corrected."
import datetime
import math

from sql import Cast, Column, Literal, Null, Select, Union, Values, With
from sql.aggregate import Max, Sum
from sql.conditionals import Case
from sql.functions import CurrentTimestamp, Function
from sql.operators import Concat

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.tools import (
    OriginMixin, company_independent, in_max, sql_date)
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import ClubValidationError


class Unnest(Function):
    __slots__ = ()
    _function = 'UNNEST'


KINDS = [
    ('earn', "Earned"),
    ('referral', "Referral"),
    ('redeem', "Redeemed"),
    ('decay', "Decay"),
    ('correction', "Correction"),
    ]


class PointsLine(OriginMixin, ModelSQL, ModelView):
    "Club Points Entry"
    __name__ = 'club.points.line'
    __string__ = "Club Points Entry"
    party = fields.Many2One(
        'party.party', "Member", required=True, ondelete='RESTRICT')
    date = fields.Date("Date", required=True)
    points = fields.Integer("Points", required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    origin = fields.Reference("Origin", selection='get_origins')
    origin_name = fields.Function(
        fields.Char("Origin"), 'get_origin_name')
    description = fields.Char("Description")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('date', 'DESC'))
        cls._order.insert(1, ('id', 'DESC'))
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.party, Index.Range()), include=[t.points]))
        cls._buttons.update({
                'correct': {},
                })


    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @classmethod
    def default_kind(cls):
        return 'correction'

    @classmethod
    def _get_origins(cls):
        return ['account.invoice', 'sale.sale', 'club.points.line']

    def get_origin_name(self, name):
        "The origin as a document name: Invoice 8, not account.invoice,8"
        pool = Pool()
        IrModel = pool.get('ir.model')
        origin = self.origin
        if not origin or origin.id is None or origin.id < 0:
            return None
        with without_check_access():
            origin = origin.__class__(origin.id)
            if origin.__name__ == 'account.invoice':
                label = origin.type_name
            else:
                label = IrModel.get_name(origin.__name__)
            return '%s %s' % (label, origin.rec_name)

    @classmethod
    def create(cls, vlist):
        pool = Pool()
        Party = pool.get('party.party')
        lines = super().create(vlist)
        Party.club_update_tiers(list({l.party for l in lines}))
        return lines

    @classmethod
    def insert_entries(cls, query, referral_rate=None):
        """Append the entries that query selects (columns: party, date,
        points, kind, origin, description) with one INSERT ... SELECT and
        re-rank the tiers of their members once (set-based: the posting of
        a batch of invoices); return the ids of the new entries

        With referral_rate, each new earned entry of a member brought by
        a referrer gives that referrer its share in the same INSERT: an
        entry of kind referral of rate x the points (rounded down), with
        the earned entry's date and origin and the member's name as
        description.

        The ledger's rules hold as in create: nothing is edited, the
        entries are only appended by the workflows."""
        pool = Pool()
        Party = pool.get('party.party')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        line = cls.__table__()
        stamp = (Literal(transaction.user).as_('create_uid'),
            CurrentTimestamp().as_('create_date'))
        with_ = None
        if referral_rate:
            new = With('party', 'date', 'points', 'kind', 'origin',
                'description', query=query)
            with_ = [new]
            entries = Union(
                new.select(new.party.as_('party'), new.date.as_('date'),
                    new.points.as_('points'), new.kind.as_('kind'),
                    new.origin.as_('origin'),
                    new.description.as_('description'), *stamp),
                cls._referral_query(new, referral_rate, stamp),
                all_=True)
            query = entries.select(*[Column(entries, c) for c in [
                        'party', 'date', 'points', 'kind', 'origin',
                        'description', 'create_uid', 'create_date']])
        else:
            query.columns = tuple(query.columns) + stamp
        columns = [line.party, line.date, line.points, line.kind,
            line.origin, line.description, line.create_uid, line.create_date]
        if transaction.database.has_returning():
            cursor.execute(*line.insert(
                    columns, query, returning=[line.id, line.party],
                    with_=with_))
            rows = cursor.fetchall()
        else:
            # SQLite: one writer at a time, the new ids follow the last one
            cursor.execute(*line.select(Max(line.id)))
            last, = cursor.fetchone()
            cursor.execute(*line.insert(columns, query, with_=with_))
            cursor.execute(*line.select(line.id, line.party,
                    where=line.id > (last or 0)))
            rows = cursor.fetchall()
        Party.club_rerank_tiers({party for _, party in rows})
        return [id_ for id_, _ in rows]

    @classmethod
    def _referral_query(cls, new, rate, stamp):
        """The referral entries of the earned entries of new (a WITH of
        the entries being inserted): rate x points rounded down as integer
        arithmetic (rate as a fraction: exact on PostgreSQL and SQLite)"""
        pool = Pool()
        Party = pool.get('party.party')
        party = Party.__table__()
        numerator, denominator = rate.as_integer_ratio()
        # BIGINT: points x numerator may pass 2**31; the division of two
        # integers truncates toward zero, as ROUND_DOWN does
        bonus = (Cast(new.points, 'BIGINT') * numerator) / denominator
        # the member's rec_name: the name, else the code in brackets
        name = Case(((party.name != Null) & (party.name != ''), party.name),
            else_=Concat(Concat('[', party.code), ']'))
        return new.join(party, condition=party.id == new.party).select(
            party.club_referrer.as_('party'), new.date.as_('date'),
            Cast(bonus, 'INTEGER').as_('points'),
            Literal('referral').as_('kind'), new.origin.as_('origin'),
            name.as_('description'), *stamp,
            where=(new.kind == 'earn') & (party.club_referrer != Null)
            & (bonus > 0))

    @classmethod
    def values_query(cls, rows):
        """A query selecting rows of (party, date, points, kind, origin,
        description) given in Python, for insert_entries"""
        rows = list(rows)
        if backend.name == 'postgresql':
            # six arrays unnested side by side: six parameters whatever the
            # number of rows (a VALUES list of thousands of rows costs more
            # to send and to plan than to insert)
            columns = list(zip(*rows)) or [[]] * 6
            values = Select([
                    Unnest(Cast(Literal(list(c)), t)).as_(
                        'column%s' % i)
                    for i, (c, t) in enumerate(zip(columns, [
                                'INTEGER[]', 'DATE[]', 'INTEGER[]',
                                'VARCHAR[]', 'VARCHAR[]', 'VARCHAR[]']), 1)])
        else:
            values = Values([[Literal(v) for v in r] for r in rows])
        # PostgreSQL and SQLite both name the columns of VALUES column1...
        return values.select(*[
                Column(values, 'column%s' % i).as_(name)
                for i, name in enumerate([
                        'party', 'date', 'points', 'kind', 'origin',
                        'description'], 1)])

    @classmethod
    def write(cls, *args):
        raise AccessError(gettext('crm_club.msg_ledger_readonly'))

    @classmethod
    def delete(cls, lines):
        raise AccessError(gettext('crm_club.msg_ledger_readonly'))

    @classmethod
    @ModelView.button_action('crm_club.wizard_points_correct')
    def correct(cls, lines):
        "Reverse entries, with a reason (CRM Finance, CRM Manager)"
        pass

    @classmethod
    def reversals(cls, lines):
        "The entries reversing lines (their origin)"
        return cls.search([
                ('origin', 'in', [str(l) for l in lines]),
                ('kind', '=', 'correction'),
                ])

    @classmethod
    def reverse(cls, lines, reason=None):
        """Cancel the entries by reversing entries (the ledger is
        append-only); an entry is reversed once and a reversal never"""
        reversed_ = {str(l.origin) for l in cls.reversals(lines)}
        for line in lines:
            if str(line) in reversed_ or (
                    line.kind == 'correction' and line.origin
                    and line.origin.__name__ == cls.__name__):
                raise ClubValidationError(gettext(
                        'crm_club.msg_points_reversed',
                        line=line.rec_name))
        # no group creates entries: the workflows write the ledger
        with without_check_access():
            return cls.create([{
                        'party': l.party.id,
                        'points': -l.points,
                        'kind': 'correction',
                        'origin': str(l),
                        'description': reason or l.description,
                        } for l in lines])

    @classmethod
    def figures(cls, party_ids):
        """Return {party id: (balance, date of the last earned points)}
        from one aggregate query per slice"""
        cursor = Transaction().connection.cursor()
        line = cls.__table__()
        result = dict.fromkeys(party_ids, (0, None))
        for sub_ids in grouped_slice(party_ids, in_max()):
            cursor.execute(*line.select(
                    line.party, Sum(line.points),
                    Max(line.date, filter_=(line.kind == 'earn')
                        & (line.points > 0)),
                    where=fields.SQL_OPERATORS['in'](line.party, sub_ids),
                    group_by=line.party))
            for party_id, total, date in cursor:
                result[party_id] = (int(total or 0), sql_date(date))
        return result

    @classmethod
    def get_balances(cls, party_ids):
        "Return {party id: balance}"
        return {p: b for p, (b, _) in cls.figures(party_ids).items()}

    @classmethod
    def last_purchases(cls, party_ids):
        "Return {party id: date of the last earned points}"
        return {p: d for p, (_, d) in cls.figures(party_ids).items()}

    @classmethod
    @company_independent
    def decay(cls, date=None):
        "Scheduled action: members without purchase lose points (idempotent)"
        pool = Pool()
        Date = pool.get('ir.date')
        Config = pool.get('club.configuration')
        Party = pool.get('party.party')
        config = Config(1)
        if date is None:
            date = Date.today()
        limit = date - datetime.timedelta(days=config.decay_days)
        cursor = Transaction().connection.cursor()
        line = cls.__table__()
        cursor.execute(*line.select(
                line.party, Sum(line.points),
                group_by=line.party,
                having=Sum(line.points) > 0))
        balances = dict(cursor)
        if not balances:
            return []
        lasts = cls.last_purchases(list(balances))
        # the last decay of each member: decay once per period of inactivity
        decays = {}
        for sub_ids in grouped_slice(list(balances), in_max()):
            cursor.execute(*line.select(
                    line.party, Max(line.date),
                    where=fields.SQL_OPERATORS['in'](line.party, sub_ids)
                    & (line.kind == 'decay'),
                    group_by=line.party))
            for party_id, ddate in cursor:
                decays[party_id] = sql_date(ddate)
        vlist = []
        for party_id, balance in balances.items():
            last = lasts.get(party_id)
            if last is None or last >= limit:
                continue
            if decays.get(party_id) and decays[party_id] > last:
                continue
            points = int(math.floor(int(balance) * config.decay_rate))
            if points <= 0:
                continue
            vlist.append({
                    'party': party_id,
                    'date': date,
                    'points': -points,
                    'kind': 'decay',
                    })
        del Party
        return cls.create(vlist)


class CorrectStart(ModelView):
    "Correct Points"
    __name__ = 'club.points.correct.start'
    __string__ = "Correct Points"
    reason = fields.Char("Reason", required=True,
        help="Why the entries are reversed: kept as the description of the "
        "reversing entries.")


class Correct(Wizard):
    """Correct Points

    A correction of the ledger is a reversing entry with its reason, made by
    CRM Finance or a CRM manager: an entry is never edited nor deleted."""
    __name__ = 'club.points.correct'
    start = StateView('club.points.correct.start',
        'crm_club.points_correct_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Reverse", 'correct', 'tryton-ok', default=True),
            ])
    correct = StateTransition()

    def transition_correct(self):
        PointsLine = Pool().get('club.points.line')
        reason = (self.start.reason or '').strip()
        if not reason:
            raise ClubValidationError(gettext(
                    'crm_club.msg_points_reason'))
        PointsLine.reverse(self.records, reason)
        return 'end'
