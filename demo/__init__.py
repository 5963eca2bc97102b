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


def role_user(login, name, groups, password, language=None, home=None):
    """A demo user of a role: in the groups (names), with the role's home
    dashboard (the group named home, else the one of his groups with the
    lowest priority).  Where an edition counts the users, the demo company
    buys the extra users it needs."""
    from proteus import Model
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Lang = Model.get('ir.lang')
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
        user.language, = Lang.find([('code', '=', language)])
    user.groups.extend(Group.find([('name', 'in', groups)]))
    user.save()
    if home:
        user.dashboard_group, = Group.find([('name', '=', home)])
        user.save()
    return user
