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


# The currency's unit and sub-unit named in Persian words
FA_CURRENCIES = {
    'IRR': ('ریال', None),
    'IRT': ('تومان', None),
    'USD': ('دلار', 'سنت'),
    'EUR': ('یورو', 'سنت'),
    'AED': ('درهم', 'فلس'),
    'PLN': ('زلوتی', 'گروش'),
    }


def amount_in_words(amount, lang=None, currency=None):
    """Spell amount in the language (fa, pl, en) with the currency's words.

    Persian: "... ریال" for the rial, Persian names of a few other
    currencies; Polish: "... złotych, ... groszy" with the declension of
    num2words (PLN, EUR, USD); otherwise the currency's name.  The amount is
    rounded with the currency: a rial amount has no fraction."""
    if lang is None:
        lang = Transaction().language or 'en'
    words_lang = _WORDS_LANGS.get(lang.split('_')[0], 'en')
    amount = Decimal(amount or 0)
    digits = getattr(currency, 'digits', None)
    if digits is not None:
        amount = amount.quantize(Decimal(1).scaleb(-digits))
    code = getattr(currency, 'code', None)
    if words_lang == 'pl' and code in {'PLN', 'EUR', 'USD'}:
        return num2words(amount, lang='pl', to='currency', currency=code)
    sign = ''
    if amount < 0:
        sign = {'fa': 'منفی ', 'pl': 'minus '}.get(words_lang, 'minus ')
        amount = -amount
    integer = int(amount)
    fraction = int(((amount - integer) * 100).to_integral_value())
    text = sign + num2words(integer, lang=words_lang)
    if words_lang == 'fa' and code:
        unit, subunit = FA_CURRENCIES.get(
            code, (currency.name or code, None))
        text += ' ' + unit
        if fraction:
            text += ' و ' + num2words(fraction, lang='fa')
            text += ' ' + (subunit or '/ ۱۰۰')
        return text
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
