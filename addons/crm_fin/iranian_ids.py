# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Iranian identification numbers, with python-stdnum's interface.

python-stdnum has no Iranian numbers, so the three the tax administration's
invoice form asks for are here, each as a small namespace with ``compact``,
``validate``, ``is_valid`` and ``format`` (the functions Tryton's
``party.identifier`` calls on stdnum modules):

``national_code``  کد ملی of a natural person, 10 digits.  The last digit
    is a check digit: ``s = sum(d[i] * (10 - i) for i in 0..8) % 11``; the
    check digit is ``s`` when ``s < 2``, else ``11 - s``.  Codes of one
    repeated digit and codes with digits 4 to 9 all zero are not issued.
``legal_id``  شناسه ملی of a legal person, 11 digits.  The last digit is a
    check digit: with ``c = d[9] + 2`` and the weights 29, 27, 23, 19, 17
    repeated, ``s = sum((d[i] + c) * w[i % 5] for i in 0..9) % 11`` and
    ``s`` is the check digit (10 counts as 0).
``economic_code``  کد اقتصادی: the legal ID of a company (11 digits, checked
    as above), the 14-digit code of a natural person or an earlier 12-digit
    code (digits only: these carry no published check digit).

Persian (۰-۹) and Arabic-Indic (٠-٩) digits, spaces and dashes are accepted
and compacted to ASCII digits.
"""
from types import SimpleNamespace

from stdnum.exceptions import (
    InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength,
    ValidationError)

_DIGITS = str.maketrans('۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '01234567890123456789')


def compact(number):
    "ASCII digits of number, without spaces, dashes and dots"
    number = str(number or '').translate(_DIGITS)
    return ''.join(c for c in number if c not in ' -.\u200c\u200f')


def _digits(number, lengths):
    number = compact(number)
    if not number.isdigit():
        raise InvalidFormat()
    if len(number) not in lengths:
        raise InvalidLength()
    return number


def validate_national_code(number):
    "Return the compact national code (کد ملی) or raise a ValidationError"
    number = _digits(number, {10})
    if len(set(number)) == 1 or number[3:9] == '000000':
        raise InvalidComponent()
    total = sum(int(d) * (10 - i) for i, d in enumerate(number[:9])) % 11
    check = total if total < 2 else 11 - total
    if int(number[9]) != check:
        raise InvalidChecksum()
    return number


def validate_legal_id(number):
    "Return the compact legal national ID (شناسه ملی) or raise"
    number = _digits(number, {11})
    if number[3:9] == '000000':
        raise InvalidComponent()
    c = int(number[9]) + 2
    weights = (29, 27, 23, 19, 17)
    total = sum((int(d) + c) * weights[i % 5]
        for i, d in enumerate(number[:10])) % 11
    if total == 10:
        total = 0
    if int(number[10]) != total:
        raise InvalidChecksum()
    return number


def validate_economic_code(number):
    "Return the compact economic code (کد اقتصادی) or raise"
    number = _digits(number, {11, 12, 14})
    if len(number) == 11:
        validate_legal_id(number)
    elif len(set(number)) == 1:
        raise InvalidComponent()
    return number


def _module(validate):
    def is_valid(number):
        try:
            return bool(validate(number))
        except ValidationError:
            return False
    return SimpleNamespace(
        compact=compact, validate=validate, is_valid=is_valid,
        format=compact)


national_code = _module(validate_national_code)
legal_id = _module(validate_legal_id)
economic_code = _module(validate_economic_code)

# party.identifier type -> validator
MODULES = {
    'ir_national_code': national_code,
    'ir_legal_id': legal_id,
    'ir_economic_code': economic_code,
    }
# the number of digits of the types of one length, for the messages
LENGTHS = {
    'ir_national_code': 10,
    'ir_legal_id': 11,
    }
