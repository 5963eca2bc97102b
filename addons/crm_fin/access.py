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
