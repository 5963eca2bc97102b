# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Export rights: the customer list and the money documents leave the
database only through members of the "CRM Data Export" group (seed 002:
the company stays independent of its sales staff).  Reading and printing
records is left to the model access and record rules."""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction


class ExportRestrictedMixin:
    "Export (sao's Export / the export_data RPC) needs the export group"
    __slots__ = ()

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        cls.check_export()
        return super().export_data(records, fields_names, header=header)

    @classmethod
    def check_export(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        transaction = Transaction()
        if transaction.user == 0 or not transaction.check_access:
            return
        group = ModelData.get_id('crm_fin', 'group_export')
        if group not in User.get_groups():
            raise AccessError(gettext('crm_fin.msg_export_forbidden',
                    model=cls.__names__()['model']))
