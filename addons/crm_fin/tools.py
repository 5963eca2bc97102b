# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Shared helpers of the suite: Jalali dates and amounts in words.

Dates are always stored Gregorian; they are *shown* Jalali when the language
is Persian (``fa``).  Every addon formats dates for lists and prints with
``format_date`` and amounts in words with ``amount_in_words``; SMS and
alarm texts fill their ``${placeholders}`` with ``render``.
"""
import datetime
import string
from decimal import Decimal

import jdatetime
from num2words import num2words
from sql import Cast, Literal

from trytond.transaction import Transaction

PERSIAN_DIGITS = str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')
# Persian (extended Arabic-Indic) and Arabic-Indic digits typed by users
LATIN_DIGITS = str.maketrans('۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '0123456789' * 2)
# num2words language codes by Tryton language code prefix
_WORDS_LANGS = {'fa': 'fa', 'pl': 'pl', 'en': 'en'}


def in_max():
    "The number of ids a SQL IN clause of the database takes at once"
    return getattr(Transaction().database, 'IN_MAX', 1000)


def sql_text(value):
    "A typed string literal (PostgreSQL cannot type a bare CASE parameter)"
    return Cast(Literal(value), 'VARCHAR')


def render(text, **values):
    "Replace the ${placeholders} of a text; unknown ones are kept as they are"
    return string.Template(text or '').safe_substitute(
        {k: '' if v is None else str(v) for k, v in values.items()})


def is_persian(lang=None):
    if lang is None:
        lang = Transaction().language
    return bool(lang) and lang.split('_')[0] == 'fa'


def to_jalali(date):
    "Return the jdatetime.date of a Gregorian date (or datetime)"
    if isinstance(date, datetime.datetime):
        date = date.date()
    return jdatetime.date.fromgregorian(date=date)


def from_jalali(year, month, day):
    "Return the Gregorian date of a Jalali year, month, day"
    return jdatetime.date(year, month, day).togregorian()


def format_date(date, lang=None, persian_digits=False):
    """Format date for display: Jalali YYYY/MM/DD for fa, ISO otherwise.

    Returns '' for an empty date."""
    if not date:
        return ''
    if isinstance(date, datetime.datetime):
        date = date.date()
    if is_persian(lang):
        text = to_jalali(date).strftime('%Y/%m/%d')
        if persian_digits:
            text = text.translate(PERSIAN_DIGITS)
        return text
    return date.isoformat()


def latin_digits(text):
    "text with its Persian and Arabic-Indic digits as 0-9"
    return str(text).translate(LATIN_DIGITS)


def phone_e164(raw, region='IR'):
    """The E.164 form of a phone number typed in any format and digits
    (local numbers in region), or None when it is no valid number"""
    import phonenumbers
    text = latin_digits(raw or '').strip()
    if not text or len(text) > 32:
        return None
    if text.startswith('00'):
        text = '+' + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164)


def amount_in_words(amount, lang=None, currency=None):
    """Spell amount in the language (fa, pl, en), with the currency name.

    The integer part is spelled; a fractional part (for currencies with
    digits) is spelled after the currency name."""
    if lang is None:
        lang = Transaction().language or 'en'
    words_lang = _WORDS_LANGS.get(lang.split('_')[0], 'en')
    amount = Decimal(amount or 0)
    sign = ''
    if amount < 0:
        sign = {'fa': 'منفی ', 'pl': 'minus '}.get(words_lang, 'minus ')
        amount = -amount
    integer = int(amount)
    fraction = int(((amount - integer) * 100).to_integral_value())
    text = sign + num2words(integer, lang=words_lang)
    if currency is not None:
        text += ' ' + (currency.name or currency.code)
    if fraction:
        text += ' ' + num2words(fraction, lang=words_lang) + ' / 100'
    return text


class DateDisplayMixin:
    """Provide ``<field>_display`` getters: Jalali for fa, ISO otherwise.

    Declare for example::

        due_date_display = fields.Function(
            fields.Char("Due Date"), 'get_date_display')
    """
    __slots__ = ()

    def get_date_display(self, name):
        return format_date(getattr(self, name[:-len('_display')]))


def lock_rows(Model, records):
    """Lock the rows of records until the end of the transaction, waiting
    for a concurrent transaction that holds them.

    Tryton's ``Model.lock`` locks with NOWAIT and leans on the dispatcher's
    few fast retries, so a user who collides with a slower transaction gets
    "database busy".  Waiting instead, a second user collecting the same
    installment or redeeming the same points gets, after the first one
    commits, the serialisation failure trytond retries, and on the retry
    the domain's own clear message ("already collected", "not enough
    points").  SQLite serialises writers by itself: nothing to do."""
    from sql import For

    from trytond import backend
    ids = [int(r) for r in records if int(r) >= 0]
    if backend.name != 'postgresql' or not ids:
        return
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*table.select(
            table.id, where=table.id.in_(ids), for_=For('UPDATE')))


def invoices_action(invoices):
    """The action value opening the customer invoices made by a button
    (a single invoice opens in its form)"""
    from trytond.pool import Pool
    pool = Pool()
    Action = pool.get('ir.action')
    ModelData = pool.get('ir.model.data')
    action = Action(ModelData.get_id(
            'account_invoice', 'act_invoice_out_form')).get_action_value()
    action['res_id'] = [i.id for i in invoices]
    if len(invoices) == 1 and action.get('views'):
        action['views'].reverse()
    return action
