# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The walk of the access matrix (``access_matrix.MATRIX``) over an activated
database of the whole suite, as the users of each group would call the
server over JSON-RPC (``_check_access`` set).

Every function returns a list of failures (strings): a scenario prints it
and expects ``[]``."""
import datetime
from contextlib import contextmanager

from trytond.model import ModelStorage
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access

from .access_matrix import ADDONS, COLUMNS, GROUPS, MATRIX, TOTALS, USER

MODES = {'r': 'read', 'w': 'write', 'c': 'create', 'd': 'delete'}
BASE_FIELDS = {'id', 'create_uid', 'create_date', 'write_uid', 'write_date',
    'rec_name', 'last_modified_at'}


def addon_models(pool):
    "The storage models registered (defined or extended) by the addons"
    result = set()
    for name, Model in pool.iterobject():
        if not issubclass(Model, ModelStorage):
            continue
        for klass in Model.__mro__:
            parts = getattr(klass, '__module__', '').split('.')
            if (klass.__dict__.get('__name__') == name
                    and parts[:2] == ['trytond', 'modules']
                    and len(parts) > 2 and parts[2] in ADDONS):
                result.add(name)
                break
    return result


def make_users(prefix='matrix'):
    "A user per column of the matrix (and one exporter): {column: user}"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Company = pool.get('company.company')
    companies = Company.search([])
    users = {}
    for column in COLUMNS + ('export', 'admin'):
        groups = []
        if column == 'export':
            groups = ['crm_fin.group_crm_user', 'crm_fin.group_export']
        elif column == 'admin':
            groups = ['res.group_admin']
        elif GROUPS[column]:
            groups = [GROUPS[column]]
        ids = [ModelData.get_id(*g.split('.')) for g in groups]
        login = '%s_%s' % (prefix, column)
        found = User.search([('login', '=', login)])
        if found:
            users[column], = found
            continue
        users[column], = User.create([{
                    'login': login, 'name': login,
                    'groups': [('add', ids)],
                    'companies': [('add', [c.id for c in companies])],
                    'company': companies[0].id if companies else None,
                    }])
    return users


@contextmanager
def as_user(user):
    "The transaction context of an RPC call by user"
    with Transaction().set_user(user.id), check_access():
        yield


def _letters(access, column):
    token = access[column]
    return set() if token == '-' else set(token)


def check_complete(pool):
    "Every model of the addons has a decision, every decision a model"
    failures = []
    for name in sorted(addon_models(pool) - set(MATRIX)):
        failures.append("%s: no decision in the access matrix" % name)
    for name in sorted(MATRIX):
        try:
            Model = pool.get(name)
        except KeyError:
            failures.append("%s: in the matrix but not in the pool" % name)
            continue
        decision = MATRIX[name]
        for field in (decision.workflow + decision.secret):
            if field not in Model._fields:
                failures.append("%s.%s: no such field" % (name, field))
        if name in addon_models(pool) and hasattr(Model, '_buttons'):
            declared = set(Model._buttons)
            if decision.buttons and declared != set(decision.buttons):
                failures.append("%s: buttons %s, decided for %s" % (
                        name, sorted(declared), sorted(decision.buttons)))
            elif not decision.buttons and declared and any(
                    m in getattr(Model, '__module__', '')
                    for m in ADDONS):
                failures.append("%s: buttons %s without decision" % (
                        name, sorted(declared)))
    failures += check_readonly_fields(pool)
    failures += check_template_rules(pool)
    return failures


def _template_rule_models(pool, key):
    "The models with a global rule reading key of the rule context"
    RuleGroup = pool.get('ir.rule.group')
    return {g.model for g in RuleGroup.search([('global_p', '=', True)])
        if any(key in r.domain for r in g.rules)}


def check_template_rules(pool):
    """The rules of the access templates are those of the matrix: a region
    rule for every model restricted by region (or restricted through the
    model it belongs to, Tryton's __access__), an "own" rule for every
    model of an area; a model a marketer sees his own records of has a
    region decision"""
    failures = []
    regions = _template_rule_models(pool, '"crm_regions"')
    owns = _template_rule_models(pool, '"crm_own"')
    for name, decision in sorted(MATRIX.items()):
        Model = pool.get(name)
        if decision.own is not None and decision.region is None:
            failures.append("%s: no region decision" % name)
        path = decision.region
        ruled = name in regions
        inherited = any(path and path.split('.')[0] == field
            and getattr(Model, field).get_target().__name__ in regions
            for field in getattr(Model, '__access__', ()))
        if isinstance(path, str) and path != TOTALS:
            if not ruled and not inherited:
                failures.append("%s: no region rule" % name)
        elif ruled:
            failures.append("%s: region rule not decided" % name)
        if (decision.area is not None) != (name in owns):
            failures.append("%s: own rule %s, area %s" % (
                    name, name in owns, decision.area))
    for name in sorted((regions | owns) - set(MATRIX)):
        failures.append("%s: template rule without decision" % name)
    return failures


def check_readonly_fields(pool):
    """Tryton does not enforce readonly on write: every readonly field an
    addon defines must be a workflow field of the matrix (fail closed)"""
    from trytond.model import fields
    Field = pool.get('ir.model.field')
    failures = []
    for name in sorted(MATRIX):
        Model = pool.get(name)
        decision = MATRIX[name]
        if not any(set(t) & set('wc') for t in decision.access.values()):
            continue
        for field in Field.search([
                    ('model', '=', name), ('module', 'in', ADDONS),
                    ('name', 'not in', list(BASE_FIELDS)),
                    ]):
            definition = Model._fields.get(field.name)
            if (definition is None
                    or isinstance(definition, (fields.Function,
                            fields.One2Many, fields.Many2Many))
                    or not definition.readonly):
                continue
            if field.name not in (
                    decision.workflow + decision.secret + decision.stored):
                failures.append("%s.%s: readonly but not a workflow field"
                    % (name, field.name))
    return failures


def check_model_access(users):
    "Read, write, create and delete of each model per column"
    pool = Pool()
    ModelAccess = pool.get('ir.model.access')
    failures = []
    for name, decision in sorted(MATRIX.items()):
        for column in COLUMNS:
            letters = _letters(decision.access, column)
            with as_user(users[column]):
                for letter, mode in MODES.items():
                    allowed = ModelAccess.check(
                        name, mode, raise_exception=False)
                    if allowed != (letter in letters):
                        failures.append("%s %s %s: %s, decided %s" % (
                                column, mode, name, allowed,
                                letter in letters))
    return failures


def check_fields(users):
    """Workflow fields: written by nobody; secrets: administrators only;
    restricted fields: read by their columns only"""
    pool = Pool()
    FieldAccess = pool.get('ir.model.field.access')
    failures = []
    for name, decision in sorted(MATRIX.items()):
        for column in COLUMNS + ('export', 'admin'):
            with as_user(users[column]):
                for field in decision.workflow:
                    if FieldAccess.check(
                            name, [field], 'write', raise_exception=False):
                        failures.append("%s writes %s.%s" % (
                                column, name, field))
                admin = column == 'admin'
                for field in decision.secret:
                    for mode in ['read', 'write']:
                        allowed = FieldAccess.check(
                            name, [field], mode, raise_exception=False)
                        if allowed != admin:
                            failures.append("%s %s %s.%s: %s" % (
                                    column, mode, name, field, allowed))
                for field, readers in decision.restricted.items():
                    allowed = FieldAccess.check(
                        name, [field], 'read', raise_exception=False)
                    if column in COLUMNS and allowed != (column in readers):
                        failures.append("%s reads %s.%s: %s" % (
                                column, name, field, allowed))
    return failures


def check_buttons(users):
    "Who may click each button (the checks of ModelView.button)"
    pool = Pool()
    Button = pool.get('ir.model.button')
    ModelAccess = pool.get('ir.model.access')
    User = pool.get('res.user')
    failures = []
    for name, decision in sorted(MATRIX.items()):
        for button, allowed_columns in sorted(decision.buttons.items()):
            for column in COLUMNS:
                with as_user(users[column]):
                    groups = set(User.get_groups())
                    button_groups = Button.get_groups(name, button)
                    if not ModelAccess.check(
                            name, 'read', raise_exception=False):
                        allowed = False
                    elif button_groups:
                        allowed = bool(button_groups & groups)
                    else:
                        allowed = ModelAccess.check(
                            name, 'write', raise_exception=False)
                expected = column in allowed_columns
                if allowed != expected:
                    failures.append("%s clicks %s.%s: %s, decided %s" % (
                            column, name, button, allowed, expected))
    return failures


def check_export(users):
    """Export is closed by default: every model of the pool, except the
    allowed reference data, is exported by the export group only"""
    from trytond.modules.crm_fin.access import EXPORT_ALLOWED
    pool = Pool()
    failures = []
    decided = {n for n, d in MATRIX.items() if d.export}
    if decided != EXPORT_ALLOWED & set(MATRIX):
        failures.append("export decided for %s, allowed for %s" % (
                sorted(decided), sorted(EXPORT_ALLOWED & set(MATRIX))))
    for name, Model in sorted(pool.iterobject()):
        if not issubclass(Model, ModelStorage):
            continue
        columns = COLUMNS if name in MATRIX else ('user',)
        for column in columns + ('export',):
            expected = column == 'export' or name in EXPORT_ALLOWED
            with as_user(users[column]):
                try:
                    Model.export_data([], ['id'])
                    allowed = True
                except AccessError:
                    allowed = False
            if allowed != expected:
                failures.append("%s exports %s: %s, decided %s" % (
                        column, name, allowed, expected))
    return failures


def view_fields(Model):
    """The fields a view may show: every field (the many-to-one ones with
    their record name) but the binary ones"""
    names = ['rec_name']
    for name, field in Model._fields.items():
        if field._type == 'binary':
            continue
        names.append(name)
        if field._type in {'many2one', 'reference'}:
            names.append(name + '.rec_name')
    return names


def check_read(users, limit=5):
    """Each column reads the models it may read, every field sao would show
    (the views drop the fields the user may not read and the relations to
    models he may not read), without an error"""
    pool = Pool()
    FieldAccess = pool.get('ir.model.field.access')
    ModelAccess = pool.get('ir.model.access')
    failures = []

    def shown(name, field):
        field = field.split('.')[0]
        return (FieldAccess.check(name, [field], 'read',
                raise_exception=False)
            and (field == 'rec_name'
                or ModelAccess.check_relation(name, field, 'read')))
    for name, decision in sorted(MATRIX.items()):
        Model = pool.get(name)
        names = view_fields(Model)
        for column in COLUMNS:
            if 'r' not in _letters(decision.access, column):
                continue
            with as_user(users[column]):
                try:
                    fields = [n for n in names if shown(name, n)]
                    records = Model.search([], limit=limit)
                    Model.read([r.id for r in records], fields)
                except Exception as exception:
                    failures.append("%s reads %s: %s" % (
                            column, name, exception))
    return failures


def own_domain(domain, user_id):
    "The own domain of the matrix with the user id in place of USER"
    if isinstance(domain, (list, tuple)):
        if len(domain) == 3 and isinstance(domain[0], str) \
                and domain[2] is USER:
            return (domain[0], domain[1], user_id)
        return [own_domain(d, user_id) for d in domain]
    return domain


def check_marketers(marketers, required=()):
    """Two marketers (users) see their own records only, on every model of
    the matrix with an own domain: a search returns exactly the records of
    the own domain, and reading the other marketer's record is refused.
    required: the models that must have records of both marketers."""
    pool = Pool()
    Date = pool.get('ir.date')
    failures = []
    # the reports of payments due up to a date: a year ahead
    context = {'active_test': False,
        'date': Date.today() + datetime.timedelta(days=365)}
    for name, decision in sorted(MATRIX.items()):
        if decision.own is None:
            continue
        Model = pool.get(name)
        with Transaction().set_context(context):
            everything = {r.id for r in Model.search([])}
            owns = {m.id: {r.id for r in Model.search(
                            own_domain(decision.own, m.id))}
                for m in marketers}
        for marketer in marketers:
            others = set().union(*(owns[m.id] for m in marketers
                    if m != marketer)) - owns[marketer.id]
            if name in required and (not owns[marketer.id] or not others):
                failures.append("%s: no record of %s and of another"
                    % (name, marketer.login))
            if 'r' not in _letters(decision.access, 'marketer'):
                with as_user(marketer):
                    readable = pool.get('ir.model.access').check(
                        name, 'read', raise_exception=False)
                if readable:
                    failures.append("%s reads %s" % (marketer.login, name))
                continue
            with as_user(marketer), Transaction().set_context(context):
                seen = {r.id for r in Model.search([])}
                hidden = sorted(others & everything)[:3]
                try:
                    Model.read(hidden, ['rec_name'])
                    refused = not hidden
                except AccessError:
                    refused = True
            if seen != owns[marketer.id]:
                failures.append("%s sees %s of %s: %s more, %s fewer" % (
                        marketer.login, len(seen), name,
                        len(seen - owns[marketer.id]),
                        len(owns[marketer.id] - seen)))
            if not refused:
                failures.append("%s reads the other marketer's %s %s" % (
                        marketer.login, name, hidden))
    return failures


def region_domain(path, parties):
    """The domain of the records of a region decision path whose party is
    in the domain parties"""
    nullable = path.endswith('?')
    path = path.rstrip('?')
    if not path:
        return parties
    names = path.split('.')
    domain = (names[-1], 'where', parties)
    for name in reversed(names[:-1]):
        domain = (name, 'where', [domain])
    if nullable:
        return ['OR', (names[0], '=', None), domain]
    return [domain]


def check_regions(users, required=()):
    """Users with templates of regions see on every model restricted by
    region the records of the parties of their regions only (a search
    returns exactly those, reading another is refused); required: the
    models that must have records seen by each user and hidden from him"""
    pool = Pool()
    User = pool.get('res.user')
    ModelAccess = pool.get('ir.model.access')
    Date = pool.get('ir.date')
    failures = []
    context = {'active_test': False,
        'date': Date.today() + datetime.timedelta(days=365)}
    for name, decision in sorted(MATRIX.items()):
        path = decision.region
        if not isinstance(path, str) or path == TOTALS:
            continue
        Model = pool.get(name)
        with Transaction().set_context(context):
            everything = {r.id for r in Model.search([])}
        for user in users:
            scope = User.get_access_scope(user.id)
            if not scope.regional:
                failures.append("%s has no region" % user.login)
                continue
            with Transaction().set_context(context):
                expected = {r.id for r in Model.search(
                        region_domain(path, scope.party_domain()))}
            hidden = sorted(everything - expected)
            if name in required and (not expected or not hidden):
                failures.append("%s: no record seen and hidden by %s" % (
                        name, user.login))
            with as_user(user), Transaction().set_context(context):
                if not ModelAccess.check(name, 'read',
                        raise_exception=False):
                    # no group of his templates reads it
                    continue
                seen = {r.id for r in Model.search([])}
                try:
                    Model.read(hidden[:3], ['rec_name'])
                    refused = not hidden
                except AccessError:
                    refused = True
            if seen != expected:
                failures.append("%s sees %s of %s: %s more, %s fewer" % (
                        user.login, len(seen), name,
                        len(seen - expected), len(expected - seen)))
            if not refused:
                failures.append("%s reads %s %s of another region" % (
                        user.login, name, hidden[:3]))
    return failures


def check_access_matrix(database_name, marketers=(), required=()):
    """Walk the whole matrix on the database (changes rolled back) and return
    the failures; marketers: logins of the marketers to isolate"""
    from trytond.pool import Pool as _Pool
    from trytond.transaction import Transaction as _Transaction
    failures = []
    with _Transaction().start(database_name, 0) as transaction:
        try:
            pool = _Pool()
            User = pool.get('res.user')
            users = make_users()
            failures += check_complete(pool)
            failures += check_model_access(users)
            failures += check_fields(users)
            failures += check_buttons(users)
            failures += check_export(users)
            failures += check_read(users)
            if marketers:
                failures += check_marketers(
                    User.search([('login', 'in', list(marketers))]),
                    required=required)
        finally:
            transaction.rollback()
    return failures



def check_access_regions(database_name, logins, required=()):
    """Walk the region decisions of the matrix with the users of logins
    (changes rolled back) and return the failures"""
    from trytond.pool import Pool as _Pool
    from trytond.transaction import Transaction as _Transaction
    with _Transaction().start(database_name, 0) as transaction:
        try:
            User = _Pool().get('res.user')
            users = User.search([('login', 'in', list(logins))])
            return check_regions(users, required=required)
        finally:
            transaction.rollback()
