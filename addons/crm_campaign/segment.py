# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Segments: saved selections of parties.

A segment is a set of criteria (any mix; an empty criterion does not
filter); ``get_domain`` turns them into a domain on ``party.party`` that
the database evaluates (roles, payment class, last contact and RFM tier
are searched through crm_fin's SQL hooks, birthdays with SQL date parts).
The parties of a segment are always searched with the record rules of the
user who asks (``check_access``): a marketer's segment holds only his
customers and those of no marketer, whoever saved the segment.

The finance, commission and club modules add their criteria (RFM tier,
marketer, club tier) by extending ``_domain`` under their ``[register]``
section.  ``party.party`` gets the searcher ``crm_segments`` so a segment's
parties open as an ordinary party list.
"""
import datetime

from sql import Literal
from sql.functions import Extract

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.crm_fin.tools import from_jalali, to_jalali
from trytond.pool import Pool, PoolMeta
from trytond.transaction import check_access

MONTHS = [
    (None, ""),
    ('1', "January"), ('2', "February"), ('3', "March"), ('4', "April"),
    ('5', "May"), ('6', "June"), ('7', "July"), ('8', "August"),
    ('9', "September"), ('10', "October"), ('11', "November"),
    ('12', "December"),
    ]
JALALI_MONTHS = [
    (None, ""),
    ('1', "Farvardin"), ('2', "Ordibehesht"), ('3', "Khordad"),
    ('4', "Tir"), ('5', "Mordad"), ('6', "Shahrivar"), ('7', "Mehr"),
    ('8', "Aban"), ('9', "Azar"), ('10', "Dey"), ('11', "Bahman"),
    ('12', "Esfand"),
    ]


class Segment(ModelSQL, ModelView):
    "Segment"
    __name__ = 'crm.segment'
    __string__ = "Segment"
    name = fields.Char("Name", required=True)
    party_type = fields.Selection([
            (None, ""),
            ('person', "Person"),
            ('organization', "Organization"),
            ], "Party Type")
    roles = fields.MultiSelection('get_roles', "Roles",
        help="Parties having any of these roles.")
    payment_classes = fields.MultiSelection(
        'get_payment_classes', "Payment Behaviour")
    categories = fields.Many2Many(
        'crm.segment-party.category', 'segment', 'category', "Groups",
        help="Customer groups; a group includes its sub-groups.")
    regions = fields.Many2Many(
        'crm.segment-country.subdivision', 'segment', 'subdivision',
        "Provinces / Cities",
        domain=[('type', 'in', ['province', 'city'])],
        help="Parties with an address in one of these provinces or "
        "cities (a province includes its cities).")
    districts = fields.Many2Many(
        'crm.segment-crm.district', 'segment', 'district', "Districts")
    job_title = fields.Char(
        "Job Title",
        help="Persons whose current job title contains this text, and "
        "organisations with such a staff member (letters are addressed "
        "to him).")
    acquisition_sources = fields.Many2Many(
        'crm.segment-crm.acquisition.source', 'segment', 'source',
        "Acquisition Sources")
    birthday_month = fields.Selection(MONTHS, "Birthday Month", sort=False)
    birthday_month_jalali = fields.Selection(
        JALALI_MONTHS, "Birthday Month (Jalali)", sort=False,
        help="Birthdays falling in this Jalali month this year.")
    no_contact_days = fields.Integer(
        "No Contact for Days",
        domain=['OR', ('no_contact_days', '=', None),
            ('no_contact_days', '>', 0)],
        help="Parties not contacted for at least this many days.")
    party_count = fields.Function(
        fields.Integer("Parties",
            help="How many parties you may read are in the segment now."),
        'on_change_with_party_count')

    @classmethod
    def get_roles(cls):
        Party = Pool().get('party.party')
        return Party.fields_get(['roles'])['roles']['selection']

    @classmethod
    def get_payment_classes(cls):
        Party = Pool().get('party.party')
        return [(k, v) for k, v in Party.fields_get(
                ['payment_class'])['payment_class']['selection'] if k]

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))
        cls._buttons.update({
                'open_parties': {},
                })

    def _domain(self):
        "The list of clauses of the criteria (extended by other modules)"
        pool = Pool()
        Date = pool.get('ir.date')
        domain = []
        if self.party_type:
            domain.append(('party_type', '=', self.party_type))
        if self.roles:
            domain.append(('roles', 'in', list(self.roles)))
        if self.payment_classes:
            domain.append(('payment_class', 'in', list(self.payment_classes)))
        if self.categories:
            domain.append(('categories', 'child_of',
                    [c.id for c in self.categories], 'parent'))
        if self.regions:
            ids = [r.id for r in self.regions]
            domain.append(['OR',
                    ('addresses.subdivision', 'child_of', ids, 'parent'),
                    ('addresses.city_subdivision', 'child_of', ids,
                        'parent'),
                    ])
        if self.districts:
            domain.append(('addresses.district', 'in',
                    [d.id for d in self.districts]))
        if self.job_title:
            pattern = '%' + self.job_title.strip() + '%'
            domain.append(['OR',
                    ('job_title', 'ilike', pattern),
                    ('staff', 'where', [
                            ('end_date', '=', None),
                            ('title', 'ilike', pattern),
                            ]),
                    ])
        if self.acquisition_sources:
            domain.append(('acquisition_source', 'in',
                    [s.id for s in self.acquisition_sources]))
        if self.birthday_month:
            domain.append(('id', 'in', self._birthday_query(
                        int(self.birthday_month))))
        if self.birthday_month_jalali:
            domain.append(('id', 'in', self._birthday_jalali_query(
                        int(self.birthday_month_jalali), Date.today())))
        if self.no_contact_days:
            limit = Date.today() - datetime.timedelta(
                days=self.no_contact_days)
            domain.append(['OR',
                    ('last_contact_date', '<', limit),
                    ('last_contact_date', '=', None),
                    ])
        return domain

    def get_domain(self):
        "The domain on party.party of the segment's parties"
        return [('active', '=', True)] + self._domain()

    @staticmethod
    def _birthday_query(month):
        party = Pool().get('party.party').__table__()
        return party.select(party.id,
            where=Extract('MONTH', party.birthday) == month)

    @staticmethod
    def _birthday_jalali_query(month, today):
        """The parties whose birthday (day and month) falls in the Jalali
        month of the current Jalali year"""
        party = Pool().get('party.party').__table__()
        year = to_jalali(today).year
        start = from_jalali(year, month, 1)
        end = (from_jalali(year + (month == 12), month % 12 + 1, 1)
            - datetime.timedelta(days=1))
        day = (Extract('MONTH', party.birthday) * Literal(100)
            + Extract('DAY', party.birthday))
        low = start.month * 100 + start.day
        high = end.month * 100 + end.day
        if low <= high:
            where = (day >= low) & (day <= high)
        else:
            where = (day >= low) | (day <= high)
        return party.select(party.id,
            where=(party.birthday != None) & where)  # noqa: E711

    def get_parties(self, limit=None):
        "The segment's parties the user may read"
        Party = Pool().get('party.party')
        with check_access():
            return Party.search(self.get_domain(), limit=limit,
                order=[('name', 'ASC'), ('id', 'ASC')])

    @fields.depends('party_type', 'roles', 'payment_classes', 'categories',
        'regions', 'districts', 'job_title', 'acquisition_sources',
        'birthday_month', 'birthday_month_jalali', 'no_contact_days')
    def on_change_with_party_count(self, name=None):
        Party = Pool().get('party.party')
        with check_access():
            return Party.search_count(self.get_domain())

    @classmethod
    @ModelView.button_action('crm_campaign.act_segment_parties')
    def open_parties(cls, segments):
        pass


class SegmentCategory(ModelSQL):
    "Segment - Party Category"
    __name__ = 'crm.segment-party.category'
    __string__ = "Segment - Party Category"
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, ondelete='CASCADE')
    category = fields.Many2One(
        'party.category', "Category", required=True, ondelete='CASCADE')


class SegmentSubdivision(ModelSQL):
    "Segment - Subdivision"
    __name__ = 'crm.segment-country.subdivision'
    __string__ = "Segment - Subdivision"
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, ondelete='CASCADE')
    subdivision = fields.Many2One(
        'country.subdivision', "Subdivision", required=True,
        ondelete='CASCADE')


class SegmentDistrict(ModelSQL):
    "Segment - District"
    __name__ = 'crm.segment-crm.district'
    __string__ = "Segment - District"
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, ondelete='CASCADE')
    district = fields.Many2One(
        'crm.district', "District", required=True, ondelete='CASCADE')


class SegmentSource(ModelSQL):
    "Segment - Acquisition Source"
    __name__ = 'crm.segment-crm.acquisition.source'
    __string__ = "Segment - Acquisition Source"
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, ondelete='CASCADE')
    source = fields.Many2One(
        'crm.acquisition.source', "Source", required=True,
        ondelete='CASCADE')


class SegmentRFM(metaclass=PoolMeta):
    "RFM tier criterion (customer invoices)"
    __name__ = 'crm.segment'
    rfm_tiers = fields.MultiSelection('get_rfm_tiers', "RFM Tiers")

    @classmethod
    def get_rfm_tiers(cls):
        RFM = Pool().get('crm.party.rfm')
        return RFM.fields_get(['tier'])['tier']['selection']

    @fields.depends('rfm_tiers')
    def on_change_with_party_count(self, name=None):
        return super().on_change_with_party_count(name=name)

    def _domain(self):
        domain = super()._domain()
        if self.rfm_tiers:
            rfm = Pool().get('crm.party.rfm').table_query()
            domain.append(('id', 'in', rfm.select(rfm.party,
                        where=rfm.tier.in_(list(self.rfm_tiers)))))
        return domain


class SegmentMarketer(metaclass=PoolMeta):
    "Marketer criterion (commission agents)"
    __name__ = 'crm.segment'
    marketers = fields.Many2Many(
        'crm.segment-commission.agent', 'segment', 'agent', "Marketers")

    @fields.depends('marketers')
    def on_change_with_party_count(self, name=None):
        return super().on_change_with_party_count(name=name)

    def _domain(self):
        domain = super()._domain()
        if self.marketers:
            domain.append(('marketer', 'in', [m.id for m in self.marketers]))
        return domain


class SegmentAgent(ModelSQL):
    "Segment - Marketer"
    __name__ = 'crm.segment-commission.agent'
    __string__ = "Segment - Marketer"
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, ondelete='CASCADE')
    agent = fields.Many2One(
        'commission.agent', "Marketer", required=True, ondelete='CASCADE')


class SegmentClub(metaclass=PoolMeta):
    "Club tier criterion (loyalty club)"
    __name__ = 'crm.segment'
    club_tiers = fields.Many2Many(
        'crm.segment-club.tier', 'segment', 'tier', "Club Tiers")

    @fields.depends('club_tiers')
    def on_change_with_party_count(self, name=None):
        return super().on_change_with_party_count(name=name)

    def _domain(self):
        domain = super()._domain()
        if self.club_tiers:
            domain.append(('club_tier', 'in', [t.id for t in self.club_tiers]))
        return domain


class SegmentTier(ModelSQL):
    "Segment - Club Tier"
    __name__ = 'crm.segment-club.tier'
    __string__ = "Segment - Club Tier"
    segment = fields.Many2One(
        'crm.segment', "Segment", required=True, ondelete='CASCADE')
    tier = fields.Many2One(
        'club.tier', "Tier", required=True, ondelete='CASCADE')


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    crm_segments = fields.Function(
        fields.Many2Many('crm.segment', None, None, "Segments"),
        'get_crm_segments', searcher='search_crm_segments')

    @classmethod
    def get_crm_segments(cls, parties, name):
        return {p.id: [] for p in parties}

    @classmethod
    def search_crm_segments(cls, name, clause):
        "Parties of a segment: ('crm_segments', '=', segment id)"
        Segment = Pool().get('crm.segment')
        _, operator, value = clause[:3]
        ids = value if isinstance(value, (list, tuple)) else [value]
        domain = ['OR']
        for segment in Segment.browse([i for i in ids if i is not None]):
            domain.append(segment.get_domain())
        if operator in {'=', 'in'}:
            return domain if len(domain) > 1 else [('id', '=', None)]
        return ['NOT', domain] if len(domain) > 1 else []
