# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The log event of a stock check overridden on a quotation."
from trytond.pool import PoolMeta


class ModelLog(metaclass=PoolMeta):
    __name__ = 'ir.model.log'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        event = ('stock_override', "Stock Check Overridden")
        if event not in cls.event.selection:
            cls.event.selection.append(event)
