# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Access templates (الگوها, seed 004 questions 21, 32 and 45).

An administrator composes a template from groups (the forms and operations,
delete and export included: Tryton's model access, buttons and menus of
each group), the provinces and districts whose customers it shows, and an
"own records only" switch per area (customers, quotations, invoices,
communications, tasks), then gives templates to users.

A template is Tryton's ``res.role`` (module ``user_role``) extended here:
the groups of a user follow his templates because ``user_role`` writes
``res.user.groups`` whenever a template, its groups or the user's templates
change (and its scheduled action for templates given for a period), so
every cache Tryton keeps of a user's groups (``res.user.get_groups``, model
access, menus, buttons, record rules) is cleared by Tryton itself, and
Tryton's ``get_groups`` stays the one answer.  A user without templates
keeps the groups set by hand.

The regions and "own" switches of a user's templates, his *scope*
(``User.get_access_scope``), reach the record rules through the rule
context (``crm_regions``: the domain of the parties he sees by region, or
nothing when he is not restricted; ``crm_own``: the areas he sees his own
records only of).  Each model holding customer data has two global rules
(the ``rule_group_*_region`` and ``rule_group_*_own`` records of the
``access_template.xml`` of each add-on): the records of the parties of his
regions, and his own records where switched on.  Global rules are ANDed with the groups'
rules (a marketer still sees his own customers only, within his regions);
for a user they do not restrict they are dropped from the domain.

* A user sees the customers whose main address (``region.py``) is in a
  district of his templates, or without district in a province of them;
  a district added later is invisible until a template ticks it (seed 004
  #21), and only the provinces and districts of his templates are offered
  on addresses (#21, #32).  Customers without any region (no province on
  their main address: new leads, unknown callers) and the shared parties
  (the company's people and partners) are seen by everyone.
* Several templates add up: a user is restricted by regions only if every
  template of his lists regions (their regions are joined), and sees his
  own records only in the areas every template switches on.
* Administrators (Tryton's Administration group) and users without
  templates are not restricted (the suite before templates).
"""
import datetime
from collections import namedtuple

from sql import Null

from trytond.cache import Cache
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

# The areas of the "own records only" switches: the field of the template
AREAS = {
    'party': 'own_parties',
    'sale': 'own_sales',
    'invoice': 'own_invoices',
    'communication': 'own_communications',
    'task': 'own_tasks',
    }


class Scope(namedtuple('Scope', ['regional', 'provinces', 'districts',
            'own'])):
    """What a user's templates let him see: regional (restricted by
    regions), the province and district ids, the areas of own records"""
    __slots__ = ()

    def party_domain(self):
        "The domain of the parties the regions show (None: every party)"
        if not self.regional:
            return None
        return ['OR',
            ('region_province', '=', None),
            ('region_district', 'in', list(self.districts)),
            [
                ('region_district', '=', None),
                ('region_province', 'in', list(self.provinces)),
                ],
            ('region_shared', '=', True),
            ]

    def rule_context(self):
        return {
            'crm_regions': self.party_domain() or [],
            'crm_own': sorted(self.own),
            }

    def provinces_usable(self):
        "The province ids of the address lists (None: all)"
        if not self.regional:
            return None
        pool = Pool()
        District = pool.get('crm.district')
        with without_check_access():
            districts = District.browse(self.districts)
            return sorted(set(self.provinces) | {
                    d.city.parent.id for d in districts if d.city.parent})


UNRESTRICTED = Scope(False, (), (), frozenset())


def get_scope(user_id=None):
    "The access scope of the user (of the transaction by default)"
    User = Pool().get('res.user')
    return User.get_access_scope(user_id)


def visible_parties():
    """A query of the ids of the parties the user of the transaction sees by
    his regions, or None when his regions do not restrict him: the reports
    that add up figures of many customers keep to these"""
    pool = Pool()
    Party = pool.get('party.party')
    transaction = Transaction()
    if not transaction.user or not transaction.check_access:
        return None
    domain = get_scope().party_domain()
    if domain is None:
        return None
    with without_check_access():
        return Party.search(domain, order=[], query=True)


def region_where(party_column, empty=True):
    """The condition keeping the rows of party_column to the parties of the
    user's regions (None when not restricted); empty: rows without party
    are kept"""
    parties = visible_parties()
    if parties is None:
        return None
    condition = party_column.in_(parties)
    if empty:
        condition |= party_column == Null
    return condition


def clear_access_caches():
    "Forget the scopes and the rule domains built from them"
    pool = Pool()
    Rule = pool.get('ir.rule')
    User = pool.get('res.user')
    User._access_scope_cache.clear()
    Rule._domain_get_cache.clear()


class Role(metaclass=PoolMeta):
    __name__ = 'res.role'
    region_access = fields.Selection([
            ('all', "All Regions"),
            ('listed', "Listed Regions Only"),
            ], "Customers of", required=True,
        help="The customers the users of the template see: those of every "
        "region, or only those of the provinces and districts listed.")
    provinces = fields.Many2Many(
        'res.role-country.subdivision', 'role', 'subdivision', "Provinces",
        domain=[('parent', '=', None)],
        states={
            'invisible': Eval('region_access') != 'listed',
            },
        help="Customers of these provinces whose address has no district.")
    districts = fields.Many2Many(
        'res.role-crm.district', 'role', 'district', "Districts",
        context={
            'active_test': False,
            },
        states={
            'invisible': Eval('region_access') != 'listed',
            },
        help="Customers of these districts.\n"
        "A district added later is not shown until it is ticked here.")
    own_parties = fields.Boolean(
        "Own Customers Only",
        help="Only the customers the user created (or looks after as "
        "marketer).")
    own_sales = fields.Boolean(
        "Own Quotations Only",
        help="Only the quotations the user made (or of his marketer).")
    own_invoices = fields.Boolean(
        "Own Invoices Only",
        help="Only the invoices the user made (or of his marketer).")
    own_communications = fields.Boolean(
        "Own Communications Only",
        help="Only the calls, SMS and other communications of the user.")
    own_tasks = fields.Boolean(
        "Own Tasks Only",
        help="Only the tasks the user created, gave or was given.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._history = True
        cls._buttons.update({
                'add_districts': {
                    'invisible': Eval('region_access') != 'listed',
                    'readonly': ~Eval('provinces', []),
                    'depends': ['region_access', 'provinces'],
                    },
                })

    @classmethod
    def default_region_access(cls):
        return 'listed'

    @classmethod
    @ModelView.button
    def add_districts(cls, roles):
        "Tick the districts the listed provinces have today"
        pool = Pool()
        District = pool.get('crm.district')
        to_write = []
        for role in roles:
            districts = District.search([
                    ('city.parent', 'in', [p.id for p in role.provinces]),
                    ])
            new = set(districts) - set(role.districts)
            if new:
                to_write.extend([[role], {
                            'districts': [('add', [d.id for d in new])],
                            }])
        if to_write:
            cls.write(*to_write)

    @classmethod
    def on_modification(cls, mode, roles, field_names=None):
        super().on_modification(mode, roles, field_names=field_names)
        clear_access_caches()

    def own_areas(self):
        return {a for a, f in AREAS.items() if getattr(self, f)}


class RoleSubdivision(ModelSQL):
    "Access Template - Province"
    __name__ = 'res.role-country.subdivision'
    __string__ = "Access Template - Province"
    _history = True
    role = fields.Many2One(
        'res.role', "Template", ondelete='CASCADE', required=True)
    subdivision = fields.Many2One(
        'country.subdivision', "Province", ondelete='CASCADE',
        required=True)

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        clear_access_caches()


class RoleDistrict(ModelSQL):
    "Access Template - District"
    __name__ = 'res.role-crm.district'
    __string__ = "Access Template - District"
    _history = True
    role = fields.Many2One(
        'res.role', "Template", ondelete='CASCADE', required=True)
    district = fields.Many2One(
        'crm.district', "District", ondelete='CASCADE', required=True)

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        clear_access_caches()


class UserRole(metaclass=PoolMeta):
    __name__ = 'res.user.role'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._history = True

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        clear_access_caches()


class User(metaclass=PoolMeta):
    __name__ = 'res.user'
    _access_scope_cache = Cache('res_user.access_scope', context=False)

    @classmethod
    def get_access_scope(cls, user_id=None):
        """The scope of the access templates of the user: regional, the
        provinces and districts of his regions, the areas of own records"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        UserRole = pool.get('res.user.role')
        transaction = Transaction()
        if user_id is None:
            user_id = transaction.user
        if not user_id:
            return UNRESTRICTED
        with transaction.set_user(user_id):
            groups = cls.get_groups()
        key = (user_id, groups)
        scope = cls._access_scope_cache.get(key)
        if scope is not None:
            return Scope(*scope)
        scope = UNRESTRICTED
        if ModelData.get_id('res', 'group_admin') not in groups:
            now = datetime.datetime.now()
            with without_check_access():
                roles = [r.role for r in UserRole.search([
                            ('user', '=', user_id),
                            ]) if r.valid(now)]
            if roles:
                regional = all(r.region_access == 'listed' for r in roles)
                scope = Scope(regional,
                    tuple(sorted({p.id for r in roles for p in r.provinces}))
                    if regional else (),
                    tuple(sorted({d.id for r in roles for d in r.districts}))
                    if regional else (),
                    frozenset.intersection(
                        *(frozenset(r.own_areas()) for r in roles)))
        cls._access_scope_cache.set(key, tuple(scope))
        return scope

    @classmethod
    def sync_roles(cls, users=None, date=None, clear=False):
        "Templates given for a period start or end: scopes change"
        super().sync_roles(users=users, date=date, clear=clear)
        clear_access_caches()


class Rule(metaclass=PoolMeta):
    """The scope of the user's templates in the rule context (for the rules
    that read it), and the global rules that do not restrict him left
    out"""
    __name__ = 'ir.rule'

    @classmethod
    def _user_rule_keys(cls):
        return super()._user_rule_keys() + ['"crm_regions"', '"crm_own"']

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        if model_name in cls._user_rule_models():
            context.update(get_scope().rule_context())
        return context

    @classmethod
    def get(cls, model_name, mode='read'):
        clause, clause_global = super().get(model_name, mode=mode)

        def true(domain):
            return domain == [] or (
                isinstance(domain, (list, tuple)) and len(domain) == 3
                and domain[1] == 'where' and domain[2] == [])

        for group, domain in list(clause_global.items()):
            # ['OR', sub-domain, ...] (or ['OR', ['OR', (f, 'where', d)]]
            # through the __access__ fields)
            subs = domain[1:]
            if all(true(d) or (isinstance(d, list) and d[:1] == ['OR']
                        and all(true(e) for e in d[1:]))
                    for d in subs):
                del clause_global[group]
        return clause, clause_global


class District(metaclass=PoolMeta):
    __name__ = 'crm.district'
    usable = fields.Function(fields.Boolean(
            "Usable",
            help="In the access templates of the user."),
        'get_usable', searcher='search_usable')

    def get_usable(self, name):
        scope = get_scope()
        return not scope.regional or self.id in scope.districts

    @classmethod
    def search_usable(cls, name, clause):
        scope = get_scope()
        if not scope.regional:
            return []
        _, operator, value = clause[:3]
        operator = 'in' if (operator == '=') == bool(value) else 'not in'
        return [('id', operator, list(scope.districts))]


class Subdivision(metaclass=PoolMeta):
    __name__ = 'country.subdivision'
    crm_usable = fields.Function(fields.Boolean(
            "Usable",
            help="A province (or one of its cities) in the access templates "
            "of the user."),
        'get_crm_usable', searcher='search_crm_usable')

    def get_crm_usable(self, name):
        provinces = get_scope().provinces_usable()
        return (provinces is None or self.id in provinces
            or (self.parent and self.parent.id in provinces))

    @classmethod
    def search_crm_usable(cls, name, clause):
        provinces = get_scope().provinces_usable()
        if provinces is None:
            return []
        _, operator, value = clause[:3]
        domain = ['OR',
            ('id', 'in', provinces),
            ('parent', 'in', provinces),
            ]
        if (operator == '=') != bool(value):
            domain = ['NOT', domain]
        return domain


class Address(metaclass=PoolMeta):
    "Only the provinces and districts of the user's templates are offered"
    __name__ = 'party.address'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.subdivision.domain = [cls.subdivision.domain,
            ('crm_usable', '=', True)]
        cls.city_subdivision.domain = [cls.city_subdivision.domain,
            ('crm_usable', '=', True)]
        cls.district.domain = [cls.district.domain,
            ('usable', '=', True)]
