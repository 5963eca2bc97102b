# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Regions of a party's addresses: province, city, district.

The data of Iran ships with the module (``region.xml``): the country, its 31
provinces as ``country.subdivision`` of type *province* with their ISO
3166-2 codes (so Tryton's ``trytond_import_countries`` updates them instead
of duplicating them) and their main cities as subdivisions of type *city*
whose parent is the province.  Districts (city areas, such as Tehran's 22
municipal districts) are ``crm.district`` records under a city, maintained
by the company (CRM managers add the districts they sell in).

An address holds the province (Tryton's ``subdivision``, only provinces for
Iran), the city picked from the list (``city_subdivision``, which fills the
free-text ``city`` used by Tryton's address formats) and the ``district``.
Segments, letters, labels and the access by region all read these three
fields; search a province, city or district with ``child_of`` on
``subdivision`` / ``city_subdivision`` or ``=`` on ``district``.

A party's region is the province and district of its main address (its
first active address, as Tryton's ``address_get``), stored on the party
(``region_province``, ``region_district``, indexed) and kept by every
change of its addresses, so the record rules of the access templates
(``access_template.py``) filter millions of parties on two indexed columns
instead of finding each party's main address at every search.  The parties of the
company's own people and partners (the company, its employees and, with the
add-ons, marketers, banks, insurers, doctors) are *shared*
(``region_shared``): every user reads them whatever their address, as the
documents of the customers point to them.  Add-ons add theirs through
``Party._region_shared_queries()``.
"""
from sql import Column, Null, Union

from trytond.model import DeactivableMixin, Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .tools import forget_records, in_max


class District(DeactivableMixin, ModelSQL, ModelView):
    "District"
    __name__ = 'crm.district'
    __string__ = "District"
    name = fields.Char("Name", required=True, translate=True)
    city = fields.Many2One(
        'country.subdivision', "City", required=True, ondelete='CASCADE',
        domain=[('type', '=', 'city')],
        help="The city of which this district is an area.")
    province = fields.Function(
        fields.Many2One('country.subdivision', "Province"),
        'on_change_with_province', searcher='search_province')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('city', 'ASC'))
        cls._order.insert(1, ('name', 'ASC'))

    @fields.depends('city')
    def on_change_with_province(self, name=None):
        return self.city.parent if self.city else None

    @classmethod
    def search_province(cls, name, clause):
        return [('city.parent' + clause[0][len(name):], *clause[1:])]

    def get_rec_name(self, name):
        return '%s, %s' % (self.name, self.city.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        return ['OR', ('name',) + tuple(clause[1:]),
            ('city.name',) + tuple(clause[1:])]


    @classmethod
    def on_modification(cls, mode, districts, field_names=None):
        pool = Pool()
        Party = pool.get('party.party')
        super().on_modification(mode, districts, field_names=field_names)
        if mode == 'write' and (field_names is None or 'city' in field_names):
            Party.update_regions(Party.search([
                        ('region_district', 'in', [d.id for d in districts]),
                        ]))


class Address(metaclass=PoolMeta):
    __name__ = 'party.address'
    city_subdivision = fields.Many2One(
        'country.subdivision', "City", ondelete='RESTRICT',
        domain=[
            ('type', '=', 'city'),
            If(Eval('subdivision'),
                ('parent', '=', Eval('subdivision', -1)),
                ('country', '=', Eval('country', -1))),
            ],
        states={
            'invisible': ~Eval('country'),
            },
        help="The city from the list (it fills the city of the address).")
    district = fields.Many2One(
        'crm.district', "District", ondelete='RESTRICT',
        domain=[
            If(Eval('city_subdivision'),
                ('city', '=', Eval('city_subdivision', -1)),
                ()),
            ],
        help="The area of the city (district or neighbourhood).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # the city picked from the list fills the free-text city: the form
        # shows the city once, not its name twice under two "City" labels
        invisible = Bool(Eval('city_subdivision'))
        if cls.city.states.get('invisible'):
            invisible |= cls.city.states['invisible']
        cls.city.states = dict(cls.city.states, invisible=invisible)

    @classmethod
    def __register__(cls, module_name):
        table = cls.__table_handler__(module_name)
        # district was free text before the districts were records
        if (table.column_exist('district')
                and table.column_is_type('district', 'VARCHAR')):
            table.column_rename('district', 'district_text')
        super().__register__(module_name)

    def get_rec_name(self, name):
        """Tryton's "party, street, postal code, city, country code" as the
        user writes it: joined by the Persian comma for a Persian user ("…,
        اصفهان, IR" mixed Latin commas into Persian), and without the
        country of an address in the company's own country"""
        pool = Pool()
        Company = pool.get('company.company')
        country = self.country.code if self.country else None
        company = Transaction().context.get('company')
        if country and company and company >= 0:
            own = Company(company).party.address_get()
            if own and own.country and own.country.code == country:
                country = None
        separator = '، ' if (Transaction().language or '').startswith(
            'fa') else ', '
        return separator.join(filter(None, [
                    self.party_full_name, self.street_single_line,
                    self.postal_code, self.city, country]))

    @fields.depends('city_subdivision', 'subdivision', 'country', 'district')
    def on_change_city_subdivision(self):
        city = self.city_subdivision
        if city:
            self.city = city.name
            if city.parent:
                self.subdivision = city.parent
            self.country = city.country
        if self.district and self.district.city != city:
            self.district = None

    @fields.depends('district', 'city_subdivision', 'subdivision', 'country')
    def on_change_district(self):
        if self.district and not self.city_subdivision:
            self.city_subdivision = self.district.city
            self.on_change_city_subdivision()

    @fields.depends('subdivision', 'city_subdivision')
    def on_change_subdivision(self):
        if (self.city_subdivision
                and self.city_subdivision.parent != self.subdivision):
            self.city_subdivision = None

    def region_lines(self):
        """The province, city and district names of the address, the
        largest first (empty names left out)"""
        return [n for n in [
                self.subdivision.name if self.subdivision else None,
                (self.city_subdivision.name if self.city_subdivision
                    else self.city),
                self.district.name if self.district else None,
                ] if n]

    @classmethod
    def on_modification(cls, mode, addresses, field_names=None):
        pool = Pool()
        Party = pool.get('party.party')
        super().on_modification(mode, addresses, field_names=field_names)
        if mode == 'create' or field_names is None or (set(field_names) & {
                    'subdivision', 'city_subdivision', 'district', 'active',
                    'sequence', 'party'}):
            Party.update_regions({a.party for a in addresses})

    @classmethod
    def on_write(cls, addresses, values):
        "The previous party of a moved address changes region too"
        callbacks = super().on_write(addresses, values)
        if 'party' in values:
            Party = Pool().get('party.party')
            parties = {a.party for a in addresses}
            callbacks.append(lambda: Party.update_regions(parties))
        return callbacks

    @classmethod
    def on_delete(cls, addresses):
        callbacks = super().on_delete(addresses)
        Party = Pool().get('party.party')
        party_ids = {a.party.id for a in addresses}
        callbacks.append(lambda: Party.update_regions(
                Party.browse(Party.search([('id', 'in', list(party_ids))]))))
        return callbacks


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    region_province = fields.Many2One(
        'country.subdivision', "Province", readonly=True,
        ondelete='SET NULL',
        help="The province of the main address: the region the access "
        "templates give.")
    region_district = fields.Many2One(
        'crm.district', "District", readonly=True, ondelete='SET NULL',
        help="The district of the main address.")
    region_shared = fields.Function(fields.Boolean(
            "Shared",
            help="A party of the company's people or partners, read by "
            "every user whatever its region."),
        'get_region_shared', searcher='search_region_shared')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_indexes.update({
                Index(table, (table.region_province, Index.Range()),
                    where=table.region_province != Null),
                Index(table, (table.region_district, Index.Range()),
                    where=table.region_district != Null),
                })

    @classmethod
    def __register__(cls, module_name):
        table_h = cls.__table_handler__(module_name)
        filled = table_h.column_exist('region_province')
        super().__register__(module_name)
        if not filled:
            cls._update_regions_sql(None)

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('region_province')
        default.setdefault('region_district')
        return super().copy(parties, default=default)

    @classmethod
    def update_regions(cls, parties):
        "Store the region of the main address of the parties"
        ids = sorted({p.id for p in parties if p.id is not None and p.id >= 0})
        for sub_ids in grouped_slice(ids, in_max()):
            cls._update_regions_sql(list(sub_ids))

    @classmethod
    def _update_regions_sql(cls, ids):
        """Write region_province and region_district of the parties ids
        (every party for None) in SQL: they are derived data, not a change
        of the party (no history row, no write date)"""
        pool = Pool()
        Address = pool.get('party.address')
        Subdivision = pool.get('country.subdivision')
        District = pool.get('crm.district')
        cursor = Transaction().connection.cursor()
        party = cls.__table__()
        address = Address.__table__()
        city = Subdivision.__table__()
        district = District.__table__()
        district_city = Subdivision.__table__()
        where = address.active == True  # noqa: E712
        if ids is not None:
            where &= address.party.in_(ids)
        cursor.execute(*address
            .join(city, 'LEFT',
                condition=address.city_subdivision == city.id)
            .join(district, 'LEFT', condition=address.district == district.id)
            .join(district_city, 'LEFT',
                condition=district.city == district_city.id)
            .select(address.party, address.sequence, address.id,
                address.subdivision, city.parent, district_city.parent,
                address.district,
                where=where))
        main = {}
        for (party_id, sequence, address_id, province, city_province,
                district_province, district_id) in cursor:
            # Tryton's order of addresses: sequence (empty first), then id
            key = (sequence is not None, sequence or 0, address_id)
            if party_id not in main or key < main[party_id][0]:
                main[party_id] = (key, (
                        province or city_province or district_province,
                        district_id))
        if ids is None:
            cursor.execute(*party.select(party.id))
            ids = [i for i, in cursor]
        regions = {}
        for party_id in ids:
            value = main[party_id][1] if party_id in main else (None, None)
            regions.setdefault(value, []).append(party_id)
        for (province, district_id), party_ids in regions.items():
            for sub_ids in grouped_slice(party_ids, in_max()):
                cursor.execute(*party.update(
                        [party.region_province, party.region_district],
                        [province, district_id],
                        where=party.id.in_(list(sub_ids))))
        # the stored fields of the parties read in this transaction
        forget_records(cls.__name__, ids)

    @classmethod
    def _region_shared_queries(cls):
        """Queries of the ids of the parties every user reads whatever their
        region: the company and its employees (extended by the add-ons)"""
        pool = Pool()
        Company = pool.get('company.company')
        Employee = pool.get('company.employee')
        company = Company.__table__()
        employee = Employee.__table__()
        return [
            company.select(company.party.as_('party')),
            employee.select(employee.party.as_('party')),
            ]

    @classmethod
    def _region_shared_query(cls):
        "The ids of the shared parties (column party)"
        queries = cls._region_shared_queries()
        union = Union(*queries) if len(queries) > 1 else queries[0]
        party = Column(union, 'party')
        return union.select(party.as_('party'), where=party != Null)

    @classmethod
    def get_region_shared(cls, parties, name):
        cursor = Transaction().connection.cursor()
        query = cls._region_shared_query()
        shared = set()
        for sub_ids in grouped_slice([p.id for p in parties], in_max()):
            cursor.execute(*query.select(query.party,
                    where=query.party.in_(list(sub_ids))))
            shared.update(i for i, in cursor)
        return {p.id: p.id in shared for p in parties}

    @classmethod
    def search_region_shared(cls, name, clause):
        _, operator, value = clause[:3]
        shared = cls._region_shared_query()
        if (operator == '=') == bool(value):
            return [('id', 'in', shared)]
        return [('id', 'not in', shared)]
