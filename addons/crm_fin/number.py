# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Numbers a record may hold: finite and below a sane bound.

JSON accepts ``NaN``, ``Infinity`` and ``1e300`` and PostgreSQL stores a
NUMERIC NaN, so without a check such a cheque amount or policy premium
would be written and then break every sum, comparison and accounting move
it reaches.  ``NumberBoundsMixin`` is registered in tryton.cfg
(``[register_mixin]``) on every model: before anything is written, each
numeric and float value of a create or a write must be a finite number of
absolute value below ``MAXIMUM`` (10^15, beyond any amount of the
companies of the suite in their currency, Iranian Rial included), else a
translated error names the field and nothing is written."""
import math
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import ValidationError

MAXIMUM = Decimal(10) ** 15


class NumberError(ValidationError):
    pass


def _as_decimal(value):
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Decimal('NaN')
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal('NaN')


class NumberBoundsMixin:
    "Refuse NaN, infinite and huge numbers before they are written"
    __slots__ = ()

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        for name, value in values.items():
            field = cls._fields.get(name)
            if (value is None or isinstance(value, bool)
                    or not isinstance(field, (fields.Numeric, fields.Float))
                    or isinstance(field, fields.Function)):
                continue
            number = _as_decimal(value)
            if not number.is_finite():
                raise NumberError(gettext('crm_fin.msg_number_not_finite',
                        **cls.__names__(name)))
            if abs(number) >= MAXIMUM:
                raise NumberError(gettext('crm_fin.msg_number_too_large',
                        maximum='10^15', **cls.__names__(name)))
        return values
