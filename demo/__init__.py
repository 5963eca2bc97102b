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


def translatable_languages(codes=('fa', 'pl')):
    "Make the languages translatable (their translations are loaded)"
    from proteus import Model
    Lang = Model.get('ir.lang')
    for lang in Lang.find([('code', 'in', list(codes))]):
        lang.translatable = True
        lang.save()


def demo_user(login, name, lang_code, password):
    "A user of sales and accounting (where they exist) in the language"
    from proteus import Model
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Lang = Model.get('ir.lang')
    lang, = Lang.find([('code', '=', lang_code)])
    user = User(login=login, name=name, language=lang)
    user.password = password
    user.groups.extend(Group.find([('name', 'in', [
                    'CRM User', 'Sales', 'Account'])]))
    user.save()
    return user
