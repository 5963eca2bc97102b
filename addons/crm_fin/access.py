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
from trytond.transaction import Transaction

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
    from trytond.transaction import check_access
    transaction = Transaction()
    if not (transaction.user and transaction.check_access):
        return
    targets = {}
    for values in vlist:
        for name, value in values.items():
            field = Model._fields.get(name)
            if field is None or not value:
                continue
            if field._type == 'many2one':
                target, ids = field.model_name, [value]
            elif field._type == 'many2many' and isinstance(
                    value, (list, tuple)):
                target = field.get_target().__name__
                # ('add', ids) actions; a malformed one is Tryton's to refuse
                ids = [i for a in value
                    if isinstance(a, (list, tuple)) and len(a) == 2
                    and a[0] == 'add' and isinstance(a[1], (list, tuple))
                    for i in a[1]]
            elif field._type == 'reference' and isinstance(value, str):
                target, _, id_ = value.partition(',')
                ids = [int(id_)] if id_.lstrip('-').isdigit() else []
            else:
                continue
            if target in REFERENCES_READABLE:
                targets.setdefault(target, set()).update(
                    i for i in ids if isinstance(i, int) and i >= 0)
    pool = Pool()
    for target, ids in targets.items():
        if ids:
            with check_access():
                pool.get(target).read(sorted(ids), ['id'])
