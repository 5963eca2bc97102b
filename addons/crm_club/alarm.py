# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.


from trytond.pool import PoolMeta


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.extend([
                ('club_birthday', "Club Birthday Greeting"),
                ])
