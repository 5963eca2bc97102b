# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Customer club: member cards, points ledger, tiers, segments, greetings."""
import datetime
import io
import math
from decimal import Decimal

from sql import Null
from sql.aggregate import Max, Sum
from sql.conditionals import Coalesce
from sql.functions import Extract

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSingleton, ModelSQL, ModelView, fields)
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.tools import in_max
from trytond.modules.product import round_price
from trytond.exceptions import UserError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, Bool
from trytond.report import Report
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

KINDS = [
    ('earn', "Earned"),
    ('referral', "Referral"),
    ('redeem', "Redeemed"),
    ('decay', "Decay"),
    ('correction', "Correction"),
    ]


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Club Configuration"
    __name__ = 'club.configuration'
    default_rate = fields.Numeric(
        "Default Points Rate", digits=(16, 6), required=True,
        help="Points per currency unit for categories without a rate.")
    referral_rate = fields.Numeric(
        "Referral Rate", digits=(16, 4), required=True,
        help="Share of the referred member's points given to the referrer.")
    decay_days = fields.Integer(
        "Decay After Days", required=True,
        help="Members without purchase for this many days lose points.")
    decay_rate = fields.Numeric(
        "Decay Rate", digits=(16, 4), required=True,
        help="Share of the balance lost on decay.")
    point_value = fields.Numeric(
        "Point Value", digits=(16, 4), required=True,
        help="Discount in company currency for one redeemed point.")
    redeem_cap = fields.Numeric(
        "Redeem Cap", digits=(16, 4), required=True,
        help="Largest share of a sale that points may pay.")
    discount_product = fields.Many2One(
        'product.product', "Points Discount Product",
        domain=[('type', '=', 'service')])

    @classmethod
    def default_default_rate(cls):
        return Decimal('0.0001')

    @classmethod
    def default_referral_rate(cls):
        return Decimal('0.1')

    @classmethod
    def default_decay_days(cls):
        return 365

    @classmethod
    def default_decay_rate(cls):
        return Decimal(1)

    @classmethod
    def default_point_value(cls):
        return Decimal(1000)

    @classmethod
    def default_redeem_cap(cls):
        return Decimal('0.5')

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        for record in records:
            for name in ['default_rate', 'referral_rate', 'decay_days',
                    'decay_rate', 'point_value', 'redeem_cap']:
                value = getattr(record, name)
                if value is not None and value < 0:
                    raise UserError(gettext('crm_club.msg_negative_value'))


class Tier(ModelSQL, ModelView):
    "Club Tier"
    __name__ = 'club.tier'
    name = fields.Char("Name", required=True, translate=True)
    threshold = fields.Integer(
        "Threshold", required=True,
        help="Points balance from which a member reaches the tier.")
    discount = fields.Numeric(
        "Discount", digits=(16, 4), required=True,
        help="Discount rate applied to the member's new sale lines.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('threshold', 'ASC'))

    @classmethod
    def default_discount(cls):
        return Decimal(0)

    @classmethod
    def validate_fields(cls, tiers, field_names):
        super().validate_fields(tiers, field_names)
        for tier in tiers:
            if (tier.threshold or 0) < 0 or (tier.discount or 0) < 0:
                raise UserError(gettext('crm_club.msg_negative_value'))


class PointsLine(ModelSQL, ModelView):
    "Club Points Entry"
    __name__ = 'club.points.line'
    party = fields.Many2One(
        'party.party', "Member", required=True, ondelete='RESTRICT')
    date = fields.Date("Date", required=True)
    points = fields.Integer("Points", required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    origin = fields.Reference("Origin", selection='get_origins')
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
    def get_origins(cls):
        pool = Pool()
        IrModel = pool.get('ir.model')
        models = ['account.invoice', 'sale.sale', 'club.points.line']
        return [(None, '')] + [(m, IrModel.get_name(m)) for m in models]

    @classmethod
    def create(cls, vlist):
        pool = Pool()
        Party = pool.get('party.party')
        lines = super().create(vlist)
        Party.club_update_tiers(list({l.party for l in lines}))
        return lines

    @classmethod
    def write(cls, *args):
        raise AccessError(gettext('crm_club.msg_ledger_readonly'))

    @classmethod
    def delete(cls, lines):
        raise AccessError(gettext('crm_club.msg_ledger_readonly'))

    @classmethod
    @ModelView.button
    def correct(cls, lines):
        "Cancel the entries by reversing entries"
        return cls.create([{
                    'party': l.party.id,
                    'points': -l.points,
                    'kind': 'correction',
                    'origin': str(l),
                    'description': l.description,
                    } for l in lines])

    @classmethod
    def get_balances(cls, party_ids):
        "Return {party id: balance} from one aggregate query per slice"
        cursor = Transaction().connection.cursor()
        line = cls.__table__()
        result = dict.fromkeys(party_ids, 0)
        for sub_ids in grouped_slice(party_ids, in_max()):
            cursor.execute(*line.select(
                    line.party, Sum(line.points),
                    where=fields.SQL_OPERATORS['in'](line.party, sub_ids),
                    group_by=line.party))
            for party_id, total in cursor:
                result[party_id] = int(total or 0)
        return result

    @classmethod
    def last_purchases(cls, party_ids):
        "Return {party id: date of the last earned points}"
        cursor = Transaction().connection.cursor()
        line = cls.__table__()
        result = dict.fromkeys(party_ids)
        for sub_ids in grouped_slice(party_ids, in_max()):
            cursor.execute(*line.select(
                    line.party, Max(line.date),
                    where=fields.SQL_OPERATORS['in'](line.party, sub_ids)
                    & (line.kind == 'earn') & (line.points > 0),
                    group_by=line.party))
            for party_id, date in cursor:
                if isinstance(date, str):
                    date = datetime.date.fromisoformat(date)
                result[party_id] = date
        return result

    @classmethod
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
                if isinstance(ddate, str):
                    ddate = datetime.date.fromisoformat(ddate)
                decays[party_id] = ddate
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


class TierLog(ModelSQL, ModelView):
    "Club Tier Change"
    __name__ = 'club.tier.log'
    party = fields.Many2One(
        'party.party', "Member", required=True, ondelete='CASCADE',
        readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    old_tier = fields.Many2One('club.tier', "Old Tier", readonly=True)
    new_tier = fields.Many2One('club.tier', "New Tier", readonly=True)
    points = fields.Integer("Points", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('date', 'DESC'))
        cls._order.insert(1, ('id', 'DESC'))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    club_card_number = fields.Char(
        "Card Number",
        help="Read by the card reader (magnetic stripe or barcode).")
    club_card_active = fields.Boolean(
        "Active Card",
        states={'invisible': ~Eval('club_card_number')})
    club_referrer = fields.Many2One(
        'party.party', "Referred By", ondelete='SET NULL',
        domain=[('id', '!=', Eval('id', -1))])
    club_points = fields.Function(
        fields.Integer("Points"), 'get_club_points',
        searcher='search_club_points')
    club_tier = fields.Many2One(
        'club.tier', "Tier", readonly=True, ondelete='SET NULL')
    club_discount = fields.Function(
        fields.Numeric("Member Discount", digits=(16, 4)),
        'get_club_discount')
    club_last_purchase = fields.Function(
        fields.Date("Last Purchase"), 'get_club_last_purchase',
        searcher='search_club_last_purchase')
    club_birthday_month = fields.Function(
        fields.Boolean("Birthday This Month"), 'get_club_birthday_month',
        searcher='search_club_birthday_month')
    club_points_lines = fields.One2Many(
        'club.points.line', 'party', "Points History", readonly=True)
    club_tier_logs = fields.One2Many(
        'club.tier.log', 'party', "Tier Changes", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'club_print_card': {
                    'invisible': ~Bool(Eval('club_card_number')),
                    },
                })

    @classmethod
    def default_club_card_active(cls):
        return True

    @classmethod
    def club_portal_member(cls, card, mobile):
        """The member of the active card whose mobile on file ends with the
        same last 10 digits as mobile (any format), else None: the login of
        the member portals"""
        digits = ''.join(c for c in str(mobile or '') if c.isdigit())[-10:]
        if not card or len(digits) < 7:
            return None
        for party in cls.search([
                    ('club_card_number', '=', card),
                    ('club_card_active', '=', True),
                    ]):
            for mechanism in party.contact_mechanisms:
                if mechanism.type != 'mobile':
                    continue
                value = ''.join(c for c in mechanism.value if c.isdigit())
                if value.endswith(digits):
                    return party

    @classmethod
    def get_club_points(cls, parties, name):
        PointsLine = Pool().get('club.points.line')
        return PointsLine.get_balances([p.id for p in parties])

    @classmethod
    def search_club_points(cls, name, clause):
        PointsLine = Pool().get('club.points.line')
        party = cls.__table__()
        line = PointsLine.__table__()
        _, operator, value = clause
        Operator = fields.SQL_OPERATORS[operator]
        query = party.join(line, 'LEFT', condition=line.party == party.id
            ).select(party.id,
                group_by=party.id,
                having=Operator(Coalesce(Sum(line.points), 0), value))
        return [('id', 'in', query)]

    def get_club_discount(self, name):
        return self.club_tier.discount if self.club_tier else Decimal(0)

    @classmethod
    def get_club_last_purchase(cls, parties, name):
        PointsLine = Pool().get('club.points.line')
        return PointsLine.last_purchases([p.id for p in parties])

    @classmethod
    def search_club_last_purchase(cls, name, clause):
        PointsLine = Pool().get('club.points.line')
        line = PointsLine.__table__()
        _, operator, value = clause
        Operator = fields.SQL_OPERATORS[operator]
        query = line.select(line.party,
            where=(line.kind == 'earn') & (line.points > 0),
            group_by=line.party,
            having=Operator(Max(line.date), value))
        return [('id', 'in', query)]

    def get_club_birthday_month(self, name):
        today = Pool().get('ir.date').today()
        return bool(self.birthday and self.birthday.month == today.month)

    @classmethod
    def search_club_birthday_month(cls, name, clause):
        today = Pool().get('ir.date').today()
        party = cls.__table__()
        _, operator, value = clause
        wanted = bool(value) if operator == '=' else not bool(value)
        condition = Extract('MONTH', party.birthday) == today.month
        if not wanted:
            condition = ~condition | (party.birthday == Null)
        return [('id', 'in', party.select(party.id, where=condition))]

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, value = clause[:3]
        if isinstance(value, str) and operator in ('ilike', 'like', '='):
            number = value.strip('%').strip()
            if number:
                domain = ['OR', domain, ('club_card_number', '=', number)]
        return domain

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names and not (field_names & {
                    'club_card_number', 'club_card_active', 'active'}):
            return
        for party in parties:
            if not party.club_card_number or not party.club_card_active:
                continue
            others = cls.search([
                    ('club_card_number', '=', party.club_card_number),
                    ('club_card_active', '=', True),
                    ('id', '!=', party.id),
                    ], limit=1)
            if others:
                other, = others
                raise UserError(gettext('crm_club.msg_card_number_unique',
                        number=party.club_card_number,
                        party=other.rec_name))

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default else {}
        default.setdefault('club_card_number', None)
        default.setdefault('club_tier', None)
        default.setdefault('club_points_lines', None)
        default.setdefault('club_tier_logs', None)
        return super().copy(parties, default=default)

    @classmethod
    def club_update_tiers(cls, parties):
        "Set the tier of the parties from their balance and log changes"
        pool = Pool()
        Tier = pool.get('club.tier')
        TierLog = pool.get('club.tier.log')
        PointsLine = pool.get('club.points.line')
        Date = pool.get('ir.date')
        tiers = Tier.search([], order=[('threshold', 'DESC')])
        balances = PointsLine.get_balances([p.id for p in parties])
        by_tier, logs = {}, []
        today = Date.today()
        for party in parties:
            balance = balances[party.id]
            tier = next((t for t in tiers if t.threshold <= balance), None)
            if tier != party.club_tier:
                logs.append({
                        'party': party.id,
                        'date': today,
                        'old_tier': party.club_tier.id
                        if party.club_tier else None,
                        'new_tier': tier.id if tier else None,
                        'points': balance,
                        })
                by_tier.setdefault(tier.id if tier else None, []).append(
                    party)
        if by_tier:
            to_write = []
            for tier_id, members in by_tier.items():
                to_write.extend([members, {'club_tier': tier_id}])
            cls.write(*to_write)
            TierLog.create(logs)

    @classmethod
    @ModelView.button_action('crm_club.report_member_card')
    def club_print_card(cls, parties):
        pass

    @classmethod
    def club_greet_birthdays(cls, date=None):
        "Scheduled action: raise a greeting alarm with SMS text on birthdays"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        if date is None:
            date = Date.today()
        members = cls.browse(cls.anniversary_ids('birthday', date,
                where=lambda party: party.club_card_number != Null))
        return Alarm.raise_alarms([{
                    'name': gettext('crm_club.msg_birthday_greeting',
                        name=m.rec_name),
                    'origin': m,
                    'kind': 'club_birthday',
                    'date': date,
                    'party': m.id,
                    'sms_text': gettext('crm_club.msg_birthday_greeting',
                        name=m.rec_name),
                    } for m in members])


class ProductCategory(metaclass=PoolMeta):
    __name__ = 'product.category'
    club_points_rate = fields.Numeric(
        "Points Rate", digits=(16, 6),
        help="Club points earned per currency unit sold.")

    @classmethod
    def validate_fields(cls, categories, field_names):
        super().validate_fields(categories, field_names)
        for category in categories:
            if (category.club_points_rate is not None
                    and category.club_points_rate < 0):
                raise UserError(gettext('crm_club.msg_negative_rate',
                        category=category.rec_name))


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def _post(cls, invoices):
        super()._post(invoices)
        cls.club_earn_points(invoices)

    @staticmethod
    def _club_rate(product, default):
        "The highest rate of the product's categories (high margin earns more)"
        if product:
            rates = [c.club_points_rate
                for c in product.template.categories_all
                if c.club_points_rate is not None]
            if rates:
                return max(rates)
        return default

    @classmethod
    def club_earn_points(cls, invoices):
        "Create the earned and referral points of customer invoices"
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        Config = pool.get('club.configuration')
        config = Config(1)
        existing = {str(l.origin) for l in PointsLine.search([
                    ('origin', 'in', [str(i) for i in invoices]),
                    ('kind', '=', 'earn'),
                    ])}
        vlist = []
        for invoice in invoices:
            party = invoice.party
            if (invoice.type != 'out' or str(invoice) in existing
                    or not party.club_card_number):
                continue
            total = Decimal(0)
            for line in invoice.lines:
                if line.type != 'line' or not line.amount:
                    continue
                total += line.amount * cls._club_rate(
                    line.product, config.default_rate)
            points = int(total.to_integral_value(rounding='ROUND_DOWN'))
            if not points:
                continue
            date = invoice.invoice_date
            vlist.append({
                    'party': party.id, 'date': date, 'points': points,
                    'kind': 'earn', 'origin': str(invoice),
                    'description': invoice.number,
                    })
            referrer = party.club_referrer
            if referrer:
                bonus = int((points * config.referral_rate
                        ).to_integral_value(rounding='ROUND_DOWN'))
                if bonus:
                    vlist.append({
                            'party': referrer.id, 'date': date,
                            'points': bonus, 'kind': 'referral',
                            'origin': str(invoice),
                            'description': party.rec_name,
                            })
        return PointsLine.create(vlist)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'
    club_points_to_redeem = fields.Integer(
        "Points to Redeem",
        states={'readonly': ~Eval('state').in_(['draft', 'quotation'])})
    club_points_redeemed = fields.Function(
        fields.Integer("Points Redeemed"), 'get_club_points_redeemed')
    club_member_points = fields.Function(
        fields.Integer("Member Points"), 'on_change_with_club_member_points')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'club_redeem': {
                    'invisible': ~Eval('state').in_(['draft', 'quotation']),
                    'depends': ['state'],
                    },
                })

    @fields.depends('party')
    def on_change_with_club_member_points(self, name=None):
        return self.party.club_points if self.party else None

    def get_club_points_redeemed(self, name):
        PointsLine = Pool().get('club.points.line')
        lines = PointsLine.search([('origin', '=', str(self))])
        return -sum(l.points for l in lines)

    def club_redeem_cap(self):
        "Largest number of points this sale may redeem"
        Config = Pool().get('club.configuration')
        config = Config(1)
        if not config.point_value:
            return 0
        amount = sum((l.amount or 0) for l in self.lines
            if l.type == 'line' and l.crm_line_kind != 'club_points')
        return int(math.floor(
                amount * config.redeem_cap / config.point_value))

    @classmethod
    @ModelView.button
    def club_redeem(cls, sales):
        "Redeem the points as a discount line, checked against the balance"
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        Config = pool.get('club.configuration')
        config = Config(1)
        for sale in sales:
            points = sale.club_points_to_redeem or 0
            if sale.state not in {'draft', 'quotation'}:
                raise UserError(gettext('crm_club.msg_redeem_not_draft'))
            if points <= 0:
                raise UserError(gettext('crm_club.msg_redeem_positive'))
            if not config.discount_product:
                raise UserError(gettext('crm_club.msg_redeem_no_product'))
            balance = sale.party.club_points
            if points > balance:
                raise UserError(gettext('crm_club.msg_redeem_over_balance',
                        party=sale.party.rec_name, points=points,
                        balance=balance))
            cap = sale.club_redeem_cap() - sale.club_points_redeemed
            if points > cap:
                raise UserError(gettext('crm_club.msg_redeem_over_cap',
                        cap=max(cap, 0), sale=sale.rec_name))
        PointsLine.create([{
                    'party': sale.party.id,
                    'points': -sale.club_points_to_redeem,
                    'kind': 'redeem',
                    'origin': str(sale),
                    'description': sale.number or sale.rec_name,
                    } for sale in sales])
        cls.write(sales, {'club_points_to_redeem': None})
        cls.set_club_lines(cls.browse(sales))

    def _club_line(self):
        "The discount line paying the redeemed points, or None"
        pool = Pool()
        Config = pool.get('club.configuration')
        config = Config(1)
        points = self.club_points_redeemed
        if not points or not config.discount_product:
            return
        return self._crm_line('club_points', config.discount_product,
            self.currency.round(-points * config.point_value))

    @classmethod
    def set_club_lines(cls, sales):
        "(Re)create the points discount line from the ledger"
        Line = Pool().get('sale.line')
        Line.delete([l for s in sales for l in s.lines
                if l.crm_line_kind == 'club_points'])
        Line.save([l for l in (s._club_line() for s in sales) if l])

    @classmethod
    def set_crm_lines(cls, sales):
        super().set_crm_lines(sales)
        cls.set_club_lines(cls.browse(sales))

    @classmethod
    def cancel(cls, sales):
        pool = Pool()
        PointsLine = pool.get('club.points.line')
        super().cancel(sales)
        lines = PointsLine.search([
                ('origin', 'in', [str(s) for s in sales]),
                ('kind', '=', 'redeem'),
                ])
        reversed_ = {str(l.origin) for l in PointsLine.search([
                    ('origin', 'in', [str(l) for l in lines])])}
        PointsLine.correct([l for l in lines if str(l) not in reversed_])


class SaleLine(metaclass=PoolMeta):
    __name__ = 'sale.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        selection = ('club_points', "Club Points")
        if selection not in cls.crm_line_kind.selection:
            cls.crm_line_kind.selection.append(selection)

    @classmethod
    def _crm_credit_kinds(cls):
        return super()._crm_credit_kinds() | {'club_points'}

    @fields.depends('sale', '_parent_sale.party', 'product')
    def compute_unit_price(self):
        "Apply the member's tier discount to the price of new lines"
        pool = Pool()
        Config = pool.get('club.configuration')
        price = super().compute_unit_price()
        if (price and self.product and self.sale and self.sale.party
                and self.sale.party.club_discount
                and self.product != Config(1).discount_product):
            price = round_price(
                price * (1 - self.sale.party.club_discount))
        return price


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('club.points.line|decay', "Decay Club Points"),
                ('party.party|club_greet_birthdays',
                    "Greet Club Members on Birthday"),
                ])


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('club_birthday', "Club Birthday Greeting")]


class MemberCard(Report):
    "Member Card"
    __name__ = 'crm_club.member_card'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['barcode'] = cls.barcode
        return context

    @staticmethod
    def barcode(number):
        "Return the Code128 barcode of number as SVG bytes"
        import barcode
        from barcode.writer import SVGWriter
        output = io.BytesIO()
        barcode.get('code128', number, writer=SVGWriter()).write(
            output, options={'module_height': 10, 'quiet_zone': 2})
        return output.getvalue()
