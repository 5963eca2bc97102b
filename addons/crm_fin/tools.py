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
    for a concurrent transaction that holds them at most ``lock_timeout``
    seconds (section ``[crm_fin]`` of the configuration, 10 by default).

    Tryton's ``Model.lock`` locks with NOWAIT and leans on the dispatcher's
    few fast retries, so a user who collides with a slower transaction gets
    "database busy".  Waiting instead, a second user collecting the same
    installment or redeeming the same points gets, after the first one
    commits, the serialisation failure trytond retries, and on the retry
    the domain's own clear message ("already collected", "not enough
    points").  A transaction that holds the rows longer than the timeout
    gives the translated "try again" message instead of a wait without end.
    SQLite serialises writers by itself: nothing to do."""
    from sql import For

    from trytond import backend, config
    from trytond.exceptions import UserError
    from trytond.i18n import gettext
    ids = [int(r) for r in records if int(r) >= 0]
    if backend.name != 'postgresql' or not ids:
        return
    timeout = config.getint('crm_fin', 'lock_timeout', default=10)
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute("SELECT set_config('lock_timeout', %s, true)",
        ('%ss' % timeout,))
    try:
        cursor.execute(*table.select(
                table.id, where=table.id.in_(ids), for_=For('UPDATE')))
    except backend.DatabaseOperationalError as exception:
        if getattr(exception, 'sqlstate', None) != '55P03':
            raise
        raise UserError(gettext('crm_fin.msg_lock_timeout',
                model=Model.__names__()['model'])) from exception
    cursor.execute('SET LOCAL lock_timeout TO DEFAULT')


def for_each_company(func):
    """Decorate the class method of a scheduled action so that it does its
    work for every company.

    ``trytond-cron`` runs an action as the root user without context, once
    per company of the action's *Companies* (with that company in the
    context) or once without company when the list is empty, as it is for
    the actions installed with a module before any company exists.  Called
    with a company in the context, the method runs for it; without one, it
    runs once per company, each in its context."""
    import functools

    @functools.wraps(func)
    def wrapper(cls, *args, **kwargs):
        from trytond.pool import Pool
        transaction = Transaction()
        if transaction.context.get('company') is not None:
            return func(cls, *args, **kwargs)
        Company = Pool().get('company.company')
        result = None
        for company in Company.search([], order=[('id', 'ASC')]):
            with transaction.set_context(company=company.id):
                result = func(cls, *args, **kwargs)
        return result
    wrapper.for_each_company = True
    return wrapper


def company_independent(func):
    """Mark the class method of a scheduled action whose work concerns no
    company (a queue of messages, a ledger of every member): run as the
    scheduler runs it, without company, it does all of it at once"""
    func.company_independent = True
    return func


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
