# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.


from trytond.pool import PoolMeta


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('club_birthday', "Club Birthday Greeting")]
