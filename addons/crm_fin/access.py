# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Export rights: data leave the database only through the members of the
"CRM Data Export" group (seed 002: the company stays independent of its
sales staff).

Closed by default: ``ExportMixin`` is registered in tryton.cfg
(``[register_mixin]``) on every model of the pool, so sao's Export (the
``export_data`` and ``export_data_domain`` calls) and the
``/<database>/data/<model>`` CSV route of any model, of the suite or of
Tryton, are refused to the other users; only the models of
``EXPORT_ALLOWED`` (catalogue and reference data that say nothing about a
customer, a payment or a colleague) are exported by everyone who may read
them.  Reading and printing records is left to the model access and the
record rules."""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .database import MAX_ID

# Harmless reference data anybody who reads it may export: a new model is
# closed until it is added here on purpose.
EXPORT_ALLOWED = frozenset({
        'country.country',
        'country.subdivision',
        'currency.currency',
        'product.category',
        'product.product',
        'product.template',
        'product.uom',
        'product.uom.category',
        'crm.acquisition.source',
        'crm.calendar.day',
        'crm.district',
        'crm.description.snippet',
        'crm.greeting.holiday',
        'crm.installment.template',
        'crm.sms.template',
        'club.tier',
        'insurance.policy.type',
        })


class ExportMixin:
    "Export (sao's Export, export_data RPC, /data/ route) needs the group"
    __slots__ = ()

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        check_export(cls.__name__)
        return super().export_data(records, fields_names, header=header)

    @classmethod
    def export_data_domain(
            cls, domain, fields_names, offset=0, limit=None, order=None,
            header=False):
        check_export(cls.__name__)
        return super().export_data_domain(
            domain, fields_names, offset=offset, limit=limit, order=order,
            header=header)


def may_export(model_name):
    "Whether the user of the transaction may export the model"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    User = pool.get('res.user')
    transaction = Transaction()
    if (transaction.user == 0 or not transaction.check_access
            or model_name in EXPORT_ALLOWED):
        return True
    group = ModelData.get_id('crm_fin', 'group_export')
    return group in User.get_groups()


def check_export(model_name):
    "Raise AccessError unless the user may export model_name"
    if not may_export(model_name):
        Model = Pool().get(model_name)
        raise AccessError(gettext('crm_fin.msg_export_forbidden',
                model=Model.__names__()['model']))


# The models of the customers' data that the record rules restrict (a
# marketer's customers and documents): a client's record may point only at
# those its user may read.
REFERENCES_READABLE = frozenset({
        'party.party',
        'party.address',
        'party.contact_mechanism',
        'sale.sale',
        'sale.opportunity',
        'account.invoice',
        'crm.installment',
        'crm.cheque',
        'crm.communication',
        'project.work',
        })


def references_readable():
    """Make a client's create or write refuse a relation to a customer's
    record its user may not read.

    Tryton checks the record rules of the records written, not of the
    records they point at: a marketer could quote another marketer's
    customer (the invoice then paid him the commission), log a call, an SMS
    or a relation for that customer, make him his customer's referrer, then
    learn the customer's name or balance one yes or no at a time by
    searching his own record through the relation (``party.name``,
    ``party.receivable``).  Checked before anything is written (so before
    the validation, whose errors name the records), for the many-to-one,
    many-to-many ``add`` and reference values of ``REFERENCES_READABLE``'s
    models; a one-to-many's ``create`` is a create of its own."""
    from trytond.model import ModelStorage
    before_create = ModelStorage._before_create.__func__
    before_write = ModelStorage._before_write.__func__
    if getattr(before_create, 'references_readable', False):
        return

    def _before_create(cls, vlist):
        vlist = before_create(cls, vlist)
        check_references_readable(cls, vlist)
        return vlist
    _before_create.references_readable = True

    def _before_write(cls, *args):
        result = before_write(cls, *args)
        check_references_readable(cls, args[1::2])
        return result
    ModelStorage._before_create = classmethod(_before_create)
    ModelStorage._before_write = classmethod(_before_write)


def check_references_readable(Model, vlist):
    "Read, with the user's record rules, the customers' records of vlist"
    transaction = Transaction()
    if not (transaction.user and transaction.check_access):
        return
    targets = {}
    for values in vlist:
        _collect_references(Model, values, targets)
    _read_targets(targets)


def _collect_references(Model, values, targets, client=False, depth=0):
    """Add to targets the ids of values' relations to REFERENCES_READABLE's
    models.  client: values as a client sends them to a form's on_change
    or a wizard (many-to-many as ids, one-to-many as the lines' values, the
    record's own id), not as create and write take them"""
    if not isinstance(values, dict):
        return
    for name, value in values.items():
        field = Model._fields.get(name)
        if name == 'id' and client:
            target, ids = Model.__name__, [value]
        elif field is None or not value:
            continue
        elif field._type == 'many2one':
            target, ids = field.model_name, [value]
        elif field._type == 'many2many' and isinstance(
                value, (list, tuple)):
            target = field.get_target().__name__
            if client:
                ids = value
            else:
                # ('add', ids) actions; a malformed one is Tryton's to
                # refuse
                ids = [i for a in value
                    if isinstance(a, (list, tuple)) and len(a) == 2
                    and a[0] == 'add' and isinstance(a[1], (list, tuple))
                    for i in a[1]]
        elif field._type == 'reference' and isinstance(value, str):
            target, _, id_ = value.partition(',')
            ids = [int(id_)] if id_.lstrip('-').isdigit() else []
        elif (field._type == 'one2many' and client and depth < 2
                and isinstance(value, (list, tuple))):
            Target = field.get_target()
            # the lines' values (a line's id is no dictionary)
            for line in value:
                _collect_references(
                    Target, line, targets, client=True, depth=depth + 1)
            target, ids = Target.__name__, value
        else:
            continue
        if target in REFERENCES_READABLE:
            # no record beyond the database's integers
            targets.setdefault(target, set()).update(
                i for i in ids if isinstance(i, int) and 0 <= i <= MAX_ID)


def _read_targets(targets):
    from trytond.transaction import check_access
    pool = Pool()
    for target, ids in targets.items():
        if ids:
            with check_access():
                pool.get(target).read(sorted(ids), ['id'])


def client_values_readable():
    """Make a form's on_change calls and a wizard's steps refuse values
    pointing at a customer's record their user may not read.

    A client's on_change calls compute a form's fields from its values
    (Tryton instantiates the record from them), and a wizard's steps take
    the values of its forms: the server code then reads the records they
    point at without the user's record rules.  A marketer got another
    marketer's customer's name and addresses from a sale's ``on_change``
    of its party, his points from an ``on_change_with``, an installment's
    amount from a cheque's; and the *Send SMS* wizard queued a text to that
    customer, then showed it with his number."""
    from trytond.rpc import RPC
    from trytond.wizard import StateView, Wizard
    convert = RPC.convert
    if getattr(convert, 'client_values_readable', False):
        return

    def rpc_convert(self, obj, *args, **kwargs):
        targets = {}
        if (self.check_access and self.instantiate is not None
                and Transaction().user):
            if isinstance(self.instantiate, slice):
                data = args[self.instantiate]
            else:
                data = args[self.instantiate:self.instantiate + 1]
            for values in data:
                if isinstance(values, dict):
                    _collect_references(obj, values, targets, client=True)
        result = convert(self, obj, *args, **kwargs)
        if targets:
            # refused in the user's language
            with Transaction().set_context(result[2]):
                _read_targets(targets)
        return result
    rpc_convert.client_values_readable = True
    RPC.convert = rpc_convert

    execute = Wizard.execute.__func__

    def wizard_execute(cls, session_id, data, state_name):
        if Transaction().user and isinstance(data, dict):
            targets = {}
            for key, values in data.items():
                state = cls.states.get(key)
                if isinstance(state, StateView):
                    _collect_references(
                        Pool().get(state.model_name), values, targets,
                        client=True)
            _read_targets(targets)
        return execute(cls, session_id, data, state_name)
    Wizard.execute = classmethod(wizard_execute)


def own_actions():
    """Check a print or a wizard against the groups of its own actions.

    The client names the action it runs (a print's ``action_id``, a
    wizard's context ``action_id``) and Tryton reads the groups of the
    print's or wizard's actions with that id: another print's or wizard's
    action has none, so none was checked.  Any user then printed a
    customer's personal data with the postal labels' action (whose missing
    model the client also chose), merged or erased another marketer's
    customer, or reversed a collection.  A print named with an action of
    another print is refused; a wizard named with an action of another is
    checked against the groups and models of all its own actions, as when
    no action is named."""
    from trytond.report import Report
    from trytond.wizard import Wizard
    report_check = Report.check_access.__func__
    if getattr(report_check, 'own_actions', False):
        return

    def report_check_access(cls, action, model, ids):
        if Transaction().user and action.report_name != cls.__name__:
            raise AccessError(gettext(
                    'ir.msg_access_report_error', report=cls.__name__))
        return report_check(cls, action, model, ids)
    report_check_access.own_actions = True
    Report.check_access = classmethod(report_check_access)

    wizard_check = Wizard.check_access.__func__

    def wizard_check_access(cls):
        transaction = Transaction()
        action_id = transaction.context.get('action_id')
        if (transaction.user and action_id is not None
                and not _wizard_action(cls.__name__, action_id)):
            with transaction.set_context(action_id=None):
                return wizard_check(cls)
        return wizard_check(cls)
    Wizard.check_access = classmethod(wizard_check_access)


def _wizard_action(name, action_id):
    "Whether action_id is an action of the wizard name"
    ActionWizard = Pool().get('ir.action.wizard')
    if not isinstance(action_id, int) or isinstance(action_id, bool):
        return False
    return bool(ActionWizard.search([
                ('id', '=', action_id),
                ('wiz_name', '=', name),
                ], limit=1))


# the relations a domain may search through the records of a target
_RELATIONS = {'many2one', 'one2many', 'many2many'}
# fields no client searches nor orders by: what the login alone reads (in
# SQL).  Tryton's read leaves the hash out, its search did not: a user
# learnt another's reset password, then the hash, a character at a time.
UNSEARCHABLE = {
    'res.user': {'password_hash', 'password_reset', 'password_reset_expire'},
    }


def readable_searches():
    """Make a client's search go through a relation only to the records
    its user may read.

    Tryton checks the model and field access of the fields a domain names,
    following dotted names (``party.name``) but not into the domain of a
    ``where`` clause, and it converts the relations of a domain without the
    record rules of their targets.  A marketer then learnt, one yes or no
    at a time: the premium of an insurance policy he may not read
    (``held_policies where premium > X``), an SMS gateway's API key
    (``gateway where api_key like ...``), another marketer's cheques and
    call notes through a customer (``cheques where amount > X``,
    ``communications.subject``), the name, balance and mobile of a customer
    given to another marketer through his own old quotation
    (``party.receivable > 0``), another user's application key
    (``applications.key``).  Each relation a client's domain goes through,
    by a dotted name or a ``where``, becomes a ``where`` whose domain
    carries the record rules of the target, and the fields named in a
    ``where`` are checked as Tryton checks the others.  A function field's
    searcher is run first (as Tryton does, without the access checks) and
    its domain gets the same rules; a tree searched (``child_of``,
    ``parent_of``) is searched through the readable targets.  References
    are left as Tryton does (a reference to a customer's record must be
    readable to be written: ``references_readable``)."""
    from trytond.model import ModelSQL
    search = ModelSQL.search.__func__
    if getattr(search, 'readable_searches', False):
        return

    def readable_search(cls, domain, offset=0, limit=None, order=None,
            count=False, query=False):
        transaction = Transaction()
        if transaction.user and transaction.check_access:
            if domain:
                domain = readable_domain(cls, domain)
            if order:
                _check_order(cls, order)
        return search(cls, domain, offset=offset, limit=limit, order=order,
            count=count, query=query)
    readable_search.readable_searches = True
    ModelSQL.search = classmethod(readable_search)


def readable_domain(Model, domain):
    """domain of Model with the record rules of the targets of its
    relations, once the access to the fields of its where clauses checked"""
    from collections import defaultdict
    pool = Pool()
    ModelAccess = pool.get('ir.model.access')
    ModelFieldAccess = pool.get('ir.model.field.access')
    to_check = defaultdict(set)
    _client_names(Model, domain, to_check)
    domain = _readable_domain(Model, domain)
    for name, field_names in to_check.items():
        ModelAccess.check(name, 'read')
        ModelFieldAccess.check(name, field_names, 'read')
    return domain


def _readable_domain(Model, domain):
    "domain of Model rewritten with the targets' record rules"
    from trytond.model.modelstorage import is_leaf
    if not isinstance(domain, (list, tuple)) or not domain:
        return domain
    if not is_leaf(domain):
        return [d if isinstance(d, str)
            else _readable_domain(Model, d) for d in domain]
    name, operator = domain[0], domain[1]
    if not isinstance(name, str) or not isinstance(operator, str):
        return domain
    local, _, relate = name.partition('.')
    _check_searchable(Model, local)
    field = Model._fields.get(local)
    if field is None:
        return domain
    searcher = getattr(field, 'searcher', None)
    if searcher:
        # the searcher's domain, as Tryton converts it (without the
        # access checks), with the rules of the relations it goes through
        with without_check_access():
            converted = getattr(Model, searcher)(local, tuple(domain))
        return _readable_domain(Model, converted)
    if field._type not in _RELATIONS:
        return domain
    Target = field.get_target()
    value = domain[2] if len(domain) > 2 else None
    if relate:
        target_domain = [(relate,) + tuple(domain[1:])]
    elif operator.endswith('child_of') or operator.endswith('parent_of'):
        if isinstance(value, str):
            # the names of the targets the user may read
            value = [t.id for t in Target.search(
                    [('rec_name', 'ilike', value)], order=[])]
        # what the tree goes through is the readable targets'
        clause = (local, operator, value) + tuple(domain[3:])
        rule_domain = _rule_domain(Target)
        if rule_domain:
            return ['AND', clause, (local, 'where', rule_domain)]
        return clause
    elif operator in {'where', 'not where'}:
        # Tryton reads no more than the three first elements
        target_domain = value
    elif isinstance(value, str):
        # a name: Tryton searches the targets' rec_name
        target_domain = [('rec_name',) + tuple(domain[1:])]
    else:
        # ids: nothing of the targets is searched
        return domain
    target_domain = _readable_domain(Target, target_domain)
    rule_domain = _rule_domain(Target)
    if rule_domain:
        target_domain = [target_domain, rule_domain]
    if not relate and operator in {'where', 'not where'}:
        return (local, operator, target_domain)
    clause = (local, 'where', target_domain)
    # a negative operator also matches no target, as Tryton's conversion
    if field._type == 'many2one':
        if ((operator.startswith('not')
                    and not (operator == 'not in' and None in value))
                or (operator == '!=' and value is not None)):
            return ['OR', clause, (local, '=', None)]
    elif operator.startswith('!') or operator.startswith('not '):
        return ['OR', clause, (local, 'not where', [])]
    return clause


def _check_searchable(Model, name):
    "Refuse a search on the field name of Model of UNSEARCHABLE"
    if name in UNSEARCHABLE.get(Model.__name__, ()):
        raise AccessError(gettext('ir.msg_access_rule_field_error',
                **Model.__names__(name)))


def _check_order(Model, order):
    "Refuse an order by a field of UNSEARCHABLE, also through relations"
    for oexpr, _ in order:
        if not isinstance(oexpr, str):
            continue
        Target = Model
        for name in oexpr.split('.'):
            _check_searchable(Target, name)
            field = Target._fields.get(name)
            if field is None or not hasattr(field, 'get_target'):
                break
            Target = field.get_target()


def _rule_domain(Target):
    "The domain of the record rules of Target for the user's reads"
    return Pool().get('ir.rule').domain_get(Target.__name__, mode='read')


def _client_names(Model, domain, to_check):
    """Add the fields the client's domain of Model names to to_check,
    through its dotted names, where clauses and names of targets (their
    rec_name), not those of the rules nor of the searchers' domains"""
    from trytond.model.modelstorage import is_leaf
    if not isinstance(domain, (list, tuple)) or not domain:
        return
    if not is_leaf(domain):
        for d in domain:
            if not isinstance(d, str):
                _client_names(Model, d, to_check)
        return
    if not isinstance(domain[0], str) or not isinstance(domain[1], str):
        return
    local, _, relate = domain[0].partition('.')
    to_check[Model.__name__].add(local)
    field = Model._fields.get(local)
    if field is None or not hasattr(field, 'get_target'):
        return
    if relate:
        _client_names(field.get_target(), [(relate,) + tuple(domain[1:])],
            to_check)
    elif domain[1] in {'where', 'not where'} and len(domain) > 2:
        _client_names(field.get_target(), domain[2], to_check)
    elif (field._type in _RELATIONS and not getattr(field, 'searcher', None)
            and len(domain) > 2 and isinstance(domain[2], str)
            and not domain[1].endswith('child_of')
            and not domain[1].endswith('parent_of')):
        to_check[field.get_target().__name__].add('rec_name')


def readable_orders():
    """Make a client's search sort by a relation through the records its
    user may read only.

    Tryton sorts by a many-to-one (``party``, ``party.name``,
    ``party.birthday``) by joining its target without the target's record
    rules: a marketer learnt the name or the birthday of another marketer's
    customer (the party of his own old quotation) one comparison at a time,
    renaming his own customer and sorting again.  The join now takes only
    the targets the user may read: the others sort as no value."""
    from trytond.model.fields import Many2One
    convert_order = Many2One.convert_order
    if getattr(convert_order, 'readable_orders', False):
        return

    def readable_convert_order(self, name, tables, Model):
        transaction = Transaction()
        if (transaction.user and transaction.check_access
                and self.name not in tables):
            Target = self.get_target()
            rule_domain = _rule_domain(Target)
            if rule_domain:
                with without_check_access(), \
                        transaction.set_context(active_test=False):
                    readable = Target.search(
                        rule_domain, order=[], query=True)
                target_tables = self._get_target_tables(tables, Model)
                target, condition = target_tables[None]
                target_tables[None] = (
                    target, condition & target.id.in_(readable))
        return convert_order(self, name, tables, Model)
    readable_convert_order.readable_orders = True
    Many2One.convert_order = readable_convert_order
