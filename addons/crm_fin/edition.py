# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The edition of the database (seed 004, question 122).

``python -m editions`` activates the modules of an edition and records it
here.  The edition also sets what the module sets alone do not: Bases 4 and
5 show a customer's address on the map, only Base 5 records serial numbers
(and barcodes) by default, and each edition has a number of users (2, 4, 4,
8, 8) to which extra users can be added.  No edition recorded (a database
made without ``python -m editions``) means no limit and every feature."""
from urllib.parse import urlencode

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

EDITIONS = [
    (None, ""),
    ('base1', "Base 1"),
    ('base2', "Base 2"),
    ('base3', "Base 3"),
    ('base4', "Base 4"),
    ('base5', "Base 5"),
    ]
USERS = {'base1': 2, 'base2': 4, 'base3': 4, 'base4': 8, 'base5': 8}
MAP = {None, 'base4', 'base5'}
SERIAL_NUMBERS = {None, 'base5'}
MAP_URL = 'https://www.google.com/maps/search/?'


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "CRM Configuration"
    __name__ = 'crm.configuration'
    __string__ = "CRM Configuration"
    edition = fields.Selection(EDITIONS, "Edition",
        help="Set by \"python -m editions\"; empty for no limit.")
    extra_users = fields.Integer("Extra Users", required=True,
        domain=[('extra_users', '>=', 0)],
        help="Users bought on top of those of the edition.")
    users_allowed = fields.Function(
        fields.Integer("Users Allowed"), 'on_change_with_users_allowed')

    @classmethod
    def default_extra_users(cls):
        return 0

    @fields.depends('edition', 'extra_users')
    def on_change_with_users_allowed(self, name=None):
        if self.edition:
            return USERS[self.edition] + (self.extra_users or 0)

    @classmethod
    def get_edition(cls):
        return cls(1).edition

    @classmethod
    def write(cls, *args):
        super().write(*args)
        # the views show the edition's fields
        ModelView._fields_view_get_cache.clear()
        Pool().get('res.user').check_seats()


class Address(metaclass=PoolMeta):
    __name__ = 'party.address'
    map_url = fields.Function(fields.Char("Map"), 'get_map_url')

    def get_map_url(self, name):
        text = ' '.join((self.full_address or '').split())
        if text and self.street:
            return MAP_URL + urlencode({'api': 1, 'query': text})

    @classmethod
    def view_attributes(cls):
        Configuration = Pool().get('crm.configuration')
        attributes = super().view_attributes()
        if Configuration.get_edition() not in MAP:
            attributes.append(
                ('//field[@name="map_url"]', 'states', {'invisible': True}))
        return attributes


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def create(cls, vlist):
        # before creating: a refused user is not even written
        cls.check_seats(new=sum(1 for v in vlist if v.get('active', True)))
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        super().write(*args)
        cls.check_seats()

    @classmethod
    def check_seats(cls, new=0):
        "The active users (root aside) and new fit in the edition and extras"
        Configuration = Pool().get('crm.configuration')
        with without_check_access(), \
                Transaction().set_context(active_test=True):
            configuration = Configuration(1)
            allowed = configuration.users_allowed
            if allowed is None:
                return
            count = cls.search([('id', '!=', 0)], count=True) + new
        if count > allowed:
            edition = dict(
                configuration.fields_get(['edition'])['edition']['selection'])
            raise ValidationError(gettext('crm_fin.msg_edition_users',
                    edition=edition[configuration.edition], allowed=allowed,
                    count=count))
