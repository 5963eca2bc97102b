"""Demo database builder: ``python -m demo -c trytond.conf -d demo``.

Creates the database, activates the suite's modules and fills each activated
addon with realistic demo data (one ``demo/<addon>.py`` per addon, each with
a ``setup(config)`` function run in dependency order).
"""


def admin_joins(group_name):
    "Put the demo's admin in the group (to see an add-on's menus)"
    from proteus import Model
    User = Model.get('res.user')
    Group = Model.get('res.group')
    admin, = User.find([('login', '=', 'admin')])
    admin.groups.extend(Group.find([('name', '=', group_name)]))
    admin.save()
    return admin


def activated(*names):
    "Whether all the modules names are activated in the demo database"
    from proteus import Model
    Module = Model.get('ir.module')
    return len(Module.find([
                ('name', 'in', names), ('state', '=', 'activated')])) == len(
        names)


def loaded_language(code, default='en'):
    """The language of code if the demo loaded it (--languages), else the
    default one: only a loaded (translatable) language can be a user's or a
    letter template's"""
    from proteus import Model
    Lang = Model.get('ir.lang')
    languages = Lang.find([('code', '=', code), ('translatable', '=', True)])
    if not languages and default:
        languages = Lang.find([('code', '=', default)])
    return languages[0] if languages else None


def role_user(login, name, groups, password, language=None, home=None):
    """A demo user of a role: in the groups (names), with the role's home
    dashboard (the group named home, else the one of his groups with the
    lowest priority).  Where an edition counts the users, the demo company
    buys the extra users it needs."""
    from proteus import Model
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Configuration = Model.get('crm.configuration')
    configuration = Configuration(1)
    if configuration.users_allowed is not None:
        users = len(User.find([]))
        if users + 1 > configuration.users_allowed:
            configuration.extra_users += users + 1 - configuration.users_allowed
            configuration.save()
    user = User(login=login, name=name)
    user.password = password
    if language:
        # in English when the demo did not load his language
        user.language = loaded_language(language)
    user.groups.extend(Group.find([('name', 'in', groups)]))
    user.save()
    if home:
        user.dashboard_group, = Group.find([('name', '=', home)])
        user.save()
    return user


def demo_user(login, name, lang_code, password):
    "A user of sales and accounting (where they exist) in the language"
    return role_user(login, name, ['CRM User', 'Sales', 'Account'],
        password, language=lang_code)


def marketer(name, product_name, plan_name, product, rate, category,
        currency):
    """A commission agent name earning rate (a string: '0.05') of the
    invoiced amount of product, through the plan plan_name paid with the
    service product_name of the accounting category"""
    from decimal import Decimal

    from proteus import Model
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    Plan = Model.get('commission.plan')
    Party = Model.get('party.party')
    Agent = Model.get('commission.agent')
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name=product_name, type='service', default_uom=unit,
        list_price=Decimal(0), account_category=category)
    template.save()
    plan = Plan(name=plan_name, commission_product=template.products[0])
    plan.commission_method = 'posting'
    line = plan.lines.new()
    line.product = product
    line.formula = 'amount * %s' % rate
    plan.save()
    party = Party(name=name)
    party.save()
    agent = Agent(party=party, type_='agent', plan=plan, currency=currency)
    agent.save()
    return agent
