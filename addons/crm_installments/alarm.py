# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Alarm origins and kinds of installments, cheques and dunning."


from trytond.pool import PoolMeta


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + [
            'crm.installment', 'crm.cheque', 'account.dunning']

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('installment_before', "Installment Due Soon"),
            ('installment_due', "Installment Due Today"),
            ('cheque_bounced', "Cheque Bounced"),
            ('dunning_sms', "Dunning Reminder"),
            ('dunning_call', "Dunning Phone Call"),
            ('dunning_lawyer', "Dunning Legal Action"),
            ]
