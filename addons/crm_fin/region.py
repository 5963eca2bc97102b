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
"""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval, If


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
    def __register__(cls, module_name):
        table = cls.__table_handler__(module_name)
        # district was free text before the districts were records
        if (table.column_exist('district')
                and table.column_is_type('district', 'VARCHAR')):
            table.column_rename('district', 'district_text')
        super().__register__(module_name)

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
