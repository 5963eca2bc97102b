# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Every label a CRM user meets, read from the server as the web client
reads it.

``walk(user_id, languages)`` starts from the menus under *CRM* the user
sees (and extra menus, such as the dunning configuration), opens their
actions as sao does (window and tab titles, every view with its inherited
parts, the one2many and many2many lists and forms embedded in the forms,
the print / action / relate entries of the toolbar, the wizards started from
the toolbar, the menus and the buttons), and returns one ``Label`` per text
with its English source, its text in each language and the key of its
translation (``ir.translation`` type, name, resource and source).

The menus of the whole tree the user sees are labels too: the user reads
them beside the CRM menu.

``untranslated(labels, lang)`` are those that read like the English source
in lang (except the few words that are the same in the language, ALLOWED).
"""
import collections

from lxml import etree

from trytond.pool import Pool
from trytond.tools.string_ import LazyString
from trytond.transaction import Transaction, check_access

# Words a Persian or Polish user reads as they are: acronyms, names of
# protocols and the few Polish words spelt as the English ones
ALLOWED = {
    'fa': {'SMS', 'POS', 'IBAN', 'URL', 'PDF', 'VoIP', 'AMI', 'ID', 'RFM',
        'CRM'},
    'pl': {'SMS', 'POS', 'IBAN', 'URL', 'PDF', 'VoIP', 'AMI', 'ID', 'RFM',
        'CRM', 'OK', 'E-mail', 'SIP', 'IRC', 'Jabber', 'Skype', 'Bank',
        'Agent', 'Model', 'Plan', 'Islam', 'Data', 'Menu', 'BIC', 'Region',
        'Segment', 'Role',
        # "to" (a time range's end), and stock's English button "Do"
        'Do',
        # the Jalali months Polish spells as English does
        'Tir', 'Mordad', 'Mehr', 'Aban', 'Azar', 'Bahman', 'Esfand'},
    }

Label = collections.namedtuple(
    'Label', ['kind', 'where', 'key', 'source', 'texts'])
# key: (type, name, resource, source) of ir.translation; resource is the
# "module.fs_id" of a record ("model" translations) or None


def _xml_ids(model, ids):
    "Return {id: 'module.fs_id'} of the records of model"
    ModelData = Pool().get('ir.model.data')
    result = {}
    if not ids:
        return result
    for data in ModelData.search([
                ('model', '=', model),
                ('db_id', 'in', list(ids)),
                ]):
        result[data.db_id] = '%s.%s' % (data.module, data.fs_id)
    return result


def _action_xml_id(action):
    "xml id of the ir.action behind an ir.action.* record"
    ModelData = Pool().get('ir.model.data')
    for data in ModelData.search([
                ('model', 'in', [action.__name__, 'ir.action']),
                ('db_id', 'in', [action.id, action.action.id]),
                ]):
        if ((data.model == 'ir.action' and data.db_id == action.action.id)
                or (data.model == action.__name__
                    and data.db_id == action.id)):
            return '%s.%s' % (data.module, data.fs_id)


class _Walker:

    def __init__(self, languages):
        self.languages = list(languages)
        self.labels = {}
        self.views = set()
        self.models = set()
        self.actions = set()
        self.wizards = set()
        self.menus = set()

    def add(self, kind, where, key, source, texts):
        if not source or not source.strip():
            return
        label = Label(kind, where, key, source, texts)
        self.labels.setdefault((kind, key, source), label)

    def in_languages(self, function):
        "Return {lang: function()} for 'en' and the languages"
        transaction = Transaction()
        result = {}
        for lang in ['en'] + self.languages:
            with transaction.set_context(language=lang):
                transaction.cache.clear()
                result[lang] = function()
        return result

    # menus and actions

    def menu(self, menu, where=''):
        if menu.id in self.menus:
            return
        self.menus.add(menu.id)
        Menu = Pool().get('ir.ui.menu')
        xml_id = _xml_ids('ir.ui.menu', [menu.id]).get(menu.id)
        names = self.in_languages(lambda: Menu(menu.id).name)
        where = '%s/%s' % (where, names['en'])
        self.add('menu', where, ('model', 'ir.ui.menu,name', xml_id, None),
            names['en'], names)
        if menu.action:
            self.action(menu.action, where)
        with check_access():
            children = Menu.search([('parent', '=', menu.id)])
        for child in children:
            self.menu(child, where)

    def action_name(self, action, where):
        Action = Pool().get(action.__name__)
        names = self.in_languages(lambda: Action(action.id).name)
        self.add('action', where,
            ('model', 'ir.action,name', _action_xml_id(action), None),
            names['en'], names)

    def action(self, action, where):
        pool = Pool()
        key = (action.__name__, action.id)
        if key in self.actions:
            return
        self.actions.add(key)
        self.action_name(action, where)
        if action.__name__ == 'ir.action.act_window':
            self.act_window(action, where)
        elif action.__name__ == 'ir.action.wizard':
            Wizard = pool.get(action.wiz_name, type='wizard')
            self.wizard(Wizard, where)

    def act_window(self, action, where):
        pool = Pool()
        Domain = pool.get('ir.action.act_window.domain')
        where = '%s[%s]' % (where, action.res_model)
        domains = list(action.act_window_domains)
        xml_ids = _xml_ids(Domain.__name__, [d.id for d in domains])
        for domain in domains:
            names = self.in_languages(lambda: Domain(domain.id).name)
            self.add('tab', where, ('model', 'ir.action.act_window.domain,name',
                    xml_ids.get(domain.id), None), names['en'], names)
        if not action.res_model:
            return
        types = set()
        for view in action.act_window_views:
            self.view(action.res_model, view.view.id, None, where)
            types.add(view.view.type)
        for type_ in ['tree', 'form']:
            if type_ not in types:
                self.view(action.res_model, None, type_, where)
        if action.context_model:
            self.view(action.context_model, None, 'form', where)
        self.toolbar(action.res_model, where)

    def toolbar(self, model, where):
        "The print, action and relate entries sao shows for model"
        pool = Pool()
        if model in self.models:
            return
        self.models.add(model)
        Model = pool.get(model)
        toolbars = self.in_languages(Model.view_toolbar_get)
        for keyword in ['print', 'action', 'relate']:
            names = {l: {a['id']: a['name'] for a in t[keyword]}
                for l, t in toolbars.items()}
            for value in toolbars['en'][keyword]:
                Action = pool.get(value['type'])
                action = Action(value['id'])
                texts = {l: n.get(value['id']) for l, n in names.items()}
                self.add('toolbar', '%s{%s}' % (where, keyword),
                    ('model', 'ir.action,name', _action_xml_id(action), None),
                    texts['en'], texts)
                if keyword == 'action' and value['type'] == (
                        'ir.action.wizard'):
                    self.action(action, '%s{%s}' % (where, keyword))

    # wizards

    def wizard(self, Wizard, where):
        if Wizard.__name__ in self.wizards:
            return
        self.wizards.add(Wizard.__name__)
        from trytond.wizard import StateView
        where = '%s<%s>' % (where, Wizard.__name__)
        for state_name, state in Wizard.states.items():
            if not isinstance(state, StateView):
                continue
            view_id = None
            if state.view:
                ModelData = Pool().get('ir.model.data')
                view_id = ModelData.get_id(*state.view.split('.'))
            self.view(state.model_name, view_id, 'form', where)
            for button in state.buttons:
                name = ','.join((Wizard.__name__, state_name, button.state))
                texts = self.in_languages(
                    lambda: Pool().get('ir.translation').get_source(
                        name, 'wizard_button', Transaction().language,
                        button.string) or button.string)
                self.add('wizard_button', where,
                    ('wizard_button', name, None, button.string),
                    button.string, texts)

    # views

    def view(self, model, view_id, view_type, where):
        pool = Pool()
        key = (model, view_id, view_type if not view_id else None)
        if key in self.views:
            return
        self.views.add(key)
        Model = pool.get(model)
        IrModel = pool.get('ir.model')
        names = self.in_languages(lambda: IrModel.get_name(model))
        self.add('model', model, ('model', model + ',string', None, None),
            names['en'], names)
        results = self.in_languages(
            lambda: Model.fields_view_get(view_id=view_id,
                view_type=view_type or 'form'))
        where = '%s(%s:%s)' % (where, model,
            results['en']['view_id'] or results['en']['type'])
        archs = {lang: etree.fromstring(r['arch'])
            for lang, r in results.items()}
        fields_ = {lang: r['fields'] for lang, r in results.items()}
        self.element(Model, archs, fields_, results['en']['type'], where)
        self.toolbar(model, where)

    def field_labels(self, Model, name, fields_, where):
        field = fields_['en'].get(name)
        if not field:
            return
        texts = {l: f[name].get('string') for l, f in fields_.items()}
        key = ('field', '%s,%s' % (Model.__name__, name), None, None)
        parts = list(getattr(Model._fields.get(name), 'string', None) or [])
        if len(parts) == 1 and isinstance(parts[0], LazyString):
            # base fields (Active, Sequence...) are messages of ir
            key = ('model', 'ir.message,text', parts[0]._args[0], None)
        self.add('field', where, key, texts['en'], texts)
        selection = field.get('selection')
        if isinstance(selection, str):
            method = selection
            selection = self.in_languages(
                lambda: getattr(Model, method)())
            kind = 'selection_method'
        else:
            selection = {l: f[name].get('selection') for l, f in
                fields_.items()}
            kind = 'selection'
        if isinstance(selection.get('en'), (list, tuple)):
            for i, (value, text) in enumerate(selection['en']):
                texts = {}
                for lang, values in selection.items():
                    values = dict((v, t) for v, t in values)
                    texts[lang] = values.get(value)
                self.add(kind, where, ('selection', '%s,%s' % (
                            Model.__name__, name), None, text), text, texts)

    def element(self, Model, archs, fields_, view_type, where):
        en = archs['en']
        name = en.get('name')
        for attr in ['string', 'sum', 'confirm']:
            if en.get(attr):
                texts = {l: a.get(attr) for l, a in archs.items()}
                key = ('view', Model.__name__, None, en.get(attr))
                if en.tag == 'button' and attr in {'string', 'confirm'}:
                    key = self.button_key(
                        Model, name, attr, en.get(attr)) or key
                self.add('button' if en.tag == 'button' else 'view', where,
                    key, en.get(attr), texts)
        if en.tag in {'field', 'label', 'separator', 'page'} and name:
            if not en.get('string') or en.tag == 'field':
                self.field_labels(Model, name, fields_, where)
            field = fields_['en'].get(name, {})
            if en.tag == 'field' and view_type == 'form' and field.get(
                    'relation') and field.get('type') in {
                    'one2many', 'many2many'}:
                self.sub_views(field, en, where + '.' + name)
        if en.tag == 'button' and name:
            self.button_action(Model, name, where)
        children = {l: list(a) for l, a in archs.items()}
        for i, child in enumerate(children['en']):
            self.element(Model, {l: c[i] for l, c in children.items()},
                fields_, view_type, where)

    def sub_views(self, field, element, where):
        relation = field['relation']
        view_ids = [int(v) for v in (element.get('view_ids') or '').split(
                ',') if v]
        modes = (element.get('mode') or 'tree,form').split(',')
        for i, mode in enumerate(modes):
            view_id = view_ids[i] if i < len(view_ids) else None
            self.view(relation, view_id, mode, where)

    def button_key(self, Model, name, attr, text):
        "Key of the ir.model.button that gives the attribute of a button"
        Button = Pool().get('ir.model.button')
        buttons = Button.search([
                ('model', '=', Model.__name__),
                ('name', '=', name),
                ])
        if buttons and getattr(buttons[0], attr) == text:
            xml_id = _xml_ids(Button.__name__, [buttons[0].id]).get(
                buttons[0].id)
            return ('model', 'ir.model.button,%s' % attr, xml_id, None)

    def button_action(self, Model, name, where):
        "Follow the action a button opens (ModelView.button_action)"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Action = pool.get('ir.action')
        method = getattr(Model, name, None)
        for cell in getattr(method, '__closure__', None) or []:
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, str) and value.count('.') == 1:
                module, fs_id = value.split('.')
                try:
                    action_id = ModelData.get_id(module, fs_id)
                except Exception:
                    continue
                action = Action(Action.get_action_id(action_id))
                Concrete = pool.get(action.type)
                concrete, = Concrete.search([('action', '=', action.id)])
                self.action(concrete, '%s!%s' % (where, name))


def walk(user_id, languages=('fa', 'pl'), roots=('crm_fin.menu_crm',),
        extra=()):
    """Return the Labels of the views reachable from the menus roots (xml
    ids) and extra, and of every menu the user sees, as user_id"""
    pool = Pool()
    Menu = pool.get('ir.ui.menu')
    ModelData = pool.get('ir.model.data')
    walker = _Walker(languages)
    transaction = Transaction()
    with transaction.set_user(user_id), \
            transaction.set_context(active_test=True):
        with check_access():
            visible = Menu.search([])
        for xml_id in list(roots) + list(extra):
            module, fs_id = xml_id.split('.')
            menu_id = ModelData.get_id(module, fs_id)
            if menu_id in {m.id for m in visible}:
                walker.menu(Menu(menu_id))
        # the rest of the menu tree: names only
        for menu in visible:
            if menu.id in walker.menus:
                continue
            xml_id = _xml_ids('ir.ui.menu', [menu.id]).get(menu.id)
            names = walker.in_languages(lambda: Menu(menu.id).name)
            walker.add('menu', menu.rec_name,
                ('model', 'ir.ui.menu,name', xml_id, None),
                names['en'], names)
    return list(walker.labels.values())


def untranslated(labels, lang):
    "Labels of labels that read as their English source in lang"
    allowed = ALLOWED.get(lang, set())
    return [l for l in labels
        if l.texts.get(lang) in (None, '', l.source)
        and l.source not in allowed
        and any(c.isalpha() for c in l.source)]


# Who reads the labels: a CRM user who is also the CRM administrator (every
# group of the suite, the sales, accounting, dunning and commission groups
# of its editions), not Tryton's Administration
SCAN_GROUPS = [
    'crm_fin.group_crm_user', 'crm_fin.group_crm_manager',
    'crm_fin.group_finance', 'crm_fin.group_invoice_editor',
    'crm_fin.group_export', 'crm_installments.group_cashier',
    'crm_vertical_insurance.group_insurance_agent',
    'crm_vertical_medical.group_clinic_staff',
    'sale.group_sale', 'sale_opportunity.group_opportunity',
    'commission.group_commission', 'account.group_account',
    'account.group_account_admin', 'account_dunning.group_dunning',
    'account_credit_limit.group_credit_limit',
    ]
# Menus walked beside CRM: the dunnings and their configuration
EXTRA_MENUS = [
    'account_dunning.menu_dunning_configuration',
    'account_dunning.menu_dunnings',
    ]


def scan_user(login='crm-labels', language=None, password=None):
    "Return the id of the user of SCAN_GROUPS, created if needed"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    users = User.search([('login', '=', login)])
    if users:
        return users[0].id
    groups = []
    for xml_id in SCAN_GROUPS:
        try:
            groups.append(ModelData.get_id(*xml_id.split('.')))
        except KeyError:
            pass  # module not activated
    values = {'login': login, 'name': login, 'groups': [('add', groups)]}
    if language:
        values['language'] = Lang.get(language).id
    if password:
        values['password'] = password
    user, = User.create([values])
    return user.id


def _walk_extra():
    ModelData = Pool().get('ir.model.data')
    extra = []
    for xml_id in EXTRA_MENUS:
        try:
            ModelData.get_id(*xml_id.split('.'))
        except KeyError:
            continue
        extra.append(xml_id)
    return extra


def scan(languages=('fa', 'pl')):
    "Labels of the CRM menus and the EXTRA_MENUS for the scan user"
    return walk(scan_user(), languages, extra=_walk_extra())
