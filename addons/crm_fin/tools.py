# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Shared helpers of the suite: dates, numbers and amounts in the reader's
convention, amounts in words, row locks.

Dates are always stored Gregorian.  Every addon *shows* them (list columns
through ``DateDisplayMixin``, prints, alarm and SMS texts) with
``format_date``, numbers with ``format_number`` and money with
``format_amount``, in the reader's language (the transaction's by default):

* Persian (``fa``): Jalali ``1405/09/10`` in Persian digits, ``٬`` between
  thousands, ``٫`` before decimals, the Rial as ``ریال``;
* Polish (``pl``): ``01.12.2026``, ``1 234,56 zł`` (no-break spaces);
* any other language: the date format, separators and currency position of
  its ``ir.lang``.

Years are written without thousands separators (``format_year``).  SMS and
alarm texts fill their ``${placeholders}`` with ``render``; texts composed
from messages and parameters are in ``crm_fin/text.py``.
"""
import contextlib
import datetime
import string
import threading
from decimal import ROUND_HALF_EVEN, Decimal

import jdatetime
from num2words import num2words
from sql import Cast, Literal

from trytond.model import fields
from trytond.transaction import Transaction, TransactionError

PERSIAN_DIGITS = str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')
LATIN_DIGITS = str.maketrans('۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '0123456789' * 2)
NBSP = '\u00a0'
# num2words language codes by Tryton language code prefix
_WORDS_LANGS = {'fa': 'fa', 'pl': 'pl', 'en': 'en'}
# Number conventions hard-wired for the suite's two markets (ir.lang's fa
# uses Latin separators outside money): thousands, decimal, digits
_NUMBER_CONVENTIONS = {
    'fa': ('\u066c', '\u066b', PERSIAN_DIGITS),
    'pl': (NBSP, ',', None),
    }
_DATE_FORMATS = {'pl': '%d.%m.%Y'}
# Currency signs written in texts: the Rial sign ﷼ is missing from most
# fonts and phones, Persian readers write the word, others the code
_CURRENCY_SIGNS = {
    ('fa', 'IRR'): 'ریال',
    ('fa', 'IRT'): 'تومان',
    }
_UNSAFE_SIGNS = {'\ufdfc'}


def in_max():
    "The number of ids a SQL IN clause of the database takes at once"
    return getattr(Transaction().database, 'IN_MAX', 1000)


def sql_text(value):
    "A typed string literal (PostgreSQL cannot type a bare CASE parameter)"
    return Cast(Literal(value), 'VARCHAR')


def sql_date(value):
    "A date of a row as a date (SQLite gives dates computed in SQL as text)"
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def render(text, **values):
    "Replace the ${placeholders} of a text; unknown ones are kept as they are"
    return string.Template(text or '').safe_substitute(
        {k: '' if v is None else str(v) for k, v in values.items()})


def language(lang=None):
    "The language code prefix (fa, pl, en...) of lang or of the transaction"
    if lang is None:
        lang = Transaction().language
    if not isinstance(lang, str):
        lang = getattr(lang, 'code', None)
    return (lang or 'en').replace('-', '_').split('_')[0]


def is_persian(lang=None):
    return language(lang) == 'fa'


def persian_digits(text):
    "Write the Latin digits of text in Persian digits"
    return str(text).translate(PERSIAN_DIGITS)


def latin_digits(text):
    "Write the Persian and Arabic-Indic digits of text in Latin digits"
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


def to_jalali(date):
    "Return the jdatetime.date of a Gregorian date (or datetime)"
    if isinstance(date, datetime.datetime):
        date = date.date()
    return jdatetime.date.fromgregorian(date=date)


def from_jalali(year, month, day):
    "Return the Gregorian date of a Jalali year, month, day"
    return jdatetime.date(year, month, day).togregorian()


class _Conventions:
    "What the texts read of an ir.lang (Lang.crm_conventions)"
    # formats that need the language's record: names of days and months,
    # AM/PM, the language's own date (ir.lang.strftime)
    _NAMED = ('%a', '%A', '%b', '%B', '%p', '%x')

    def __init__(self, values):
        self.__dict__.update(values)

    def strftime(self, value, format):
        if any(f in format for f in self._NAMED):
            from trytond.pool import Pool
            return Pool().get('ir.lang')(self.id).strftime(value, format)
        return value.strftime(format)


def _ir_lang(lang):
    "The conventions of the ir.lang of lang, or None outside a database"
    from trytond.pool import Pool
    if not Transaction().database:
        return None
    pool = Pool()
    if not pool.ready:
        return None
    values = pool.get('ir.lang').crm_conventions(lang)
    return _Conventions(values) if values is not None else None


def format_date(date, lang=None, persian_digits=None):
    """Format date in the reader's convention: Jalali YYYY/MM/DD in Persian
    digits for fa (Latin digits with persian_digits=False), dd.mm.yyyy for
    pl, the date format of the ir.lang otherwise (ISO outside a database).

    lang is a language code (fa, pl, en_US...), an ir.lang or None for the
    transaction's language.  Returns '' for an empty date."""
    if not date:
        return ''
    if isinstance(date, datetime.datetime):
        date = date.date()
    code = language(lang)
    if code == 'fa':
        text = to_jalali(date).strftime('%Y/%m/%d')
        if persian_digits is not False:
            text = text.translate(PERSIAN_DIGITS)
        return text
    if code in _DATE_FORMATS:
        return date.strftime(_DATE_FORMATS[code])
    ir_lang = _ir_lang(lang if isinstance(lang, str) else code)
    if ir_lang is not None and ir_lang.date:
        return ir_lang.strftime(date, ir_lang.date)
    return date.isoformat()


def format_time(time, lang=None):
    "Format a time (or the time of a datetime) as HH:MM in the reader's digits"
    if time is None:
        return ''
    text = time.strftime('%H:%M')
    if is_persian(lang):
        text = text.translate(PERSIAN_DIGITS)
    return text


def format_year(year, lang=None):
    "A year without thousands separator (2026, ۱۴۰۵)"
    if year is None:
        return ''
    text = str(int(year))
    if is_persian(lang):
        text = text.translate(PERSIAN_DIGITS)
    return text


def _group(digits, separator):
    "Group the integer digits by three"
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def format_number(value, lang=None, digits=None, grouping=True):
    """Format a number in the reader's convention with digits decimals (the
    value's own when None): 1,234.5 (en), 1 234,5 (pl), ۱٬۲۳۴٫۵ (fa)."""
    if value is None:
        return ''
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if digits is not None:
        value = value.quantize(
            Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    code = language(lang)
    if code in _NUMBER_CONVENTIONS:
        thousands, decimal_point, table = _NUMBER_CONVENTIONS[code]
    else:
        ir_lang = _ir_lang(lang if isinstance(lang, str) else code)
        thousands = getattr(ir_lang, 'thousands_sep', None) or ','
        decimal_point = getattr(ir_lang, 'decimal_point', None) or '.'
        table = None
        if ir_lang is None:
            thousands, decimal_point = ',', '.'
    sign = '-' if value < 0 else ''
    text = '{:f}'.format(abs(value))
    integer, _, fraction = text.partition('.')
    if grouping:
        integer = _group(integer, thousands)
    text = sign + integer + (decimal_point + fraction if fraction else '')
    if table:
        text = text.translate(table)
    return text


def currency_sign(currency, lang=None):
    "The sign of currency written in texts of the language"
    code = language(lang)
    sign = _CURRENCY_SIGNS.get((code, currency.code))
    if sign:
        return sign
    symbol = (currency.symbol or '').strip()
    if not symbol or symbol in _UNSAFE_SIGNS:
        return currency.code
    return symbol


def format_amount(amount, currency, lang=None, symbol=True):
    """Format an amount of money with the currency's digits and sign in the
    reader's convention: ۸۶٬۴۴۵٬۰۰۰ ریال (fa), 1 234,56 zł (pl), $1,234.56
    or IRR 86,445,000 (en: ir.lang puts the sign before)."""
    if amount is None:
        return ''
    amount = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    if currency is None:
        return format_number(amount, lang)
    amount = currency.round(amount)
    text = format_number(amount, lang, digits=currency.digits)
    if not symbol:
        return text
    sign = currency_sign(currency, lang)
    code = language(lang)
    if code in _NUMBER_CONVENTIONS:
        return text + NBSP + sign
    ir_lang = _ir_lang(lang if isinstance(lang, str) else code)
    separator = NBSP
    if sign != currency.code and ir_lang is not None:
        separator = NBSP if ir_lang.p_sep_by_space else ''
    if getattr(ir_lang, 'p_cs_precedes', True):
        if text.startswith('-'):
            return '-' + sign + separator + text[1:]
        return sign + separator + text
    return text + separator + sign


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
    words_lang = _WORDS_LANGS.get(language(lang), 'en')
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
    """Provide ``<field>_display`` getters: the date in the reader's
    convention (``format_date``), for list columns and searchable texts.

    Declare for example::

        due_date_display = fields.Function(
            fields.Char("Due Date"), 'get_date_display')
    """
    __slots__ = ()

    def get_date_display(self, name):
        return format_date(getattr(self, name[:-len('_display')]))


def forget_records(model_name, ids=None):
    """Make the records of ids (all when None) of model_name read again in
    this transaction after SQL wrote their rows (as ModelStorage.write
    does)"""
    transaction = Transaction()
    transaction.counter += 1
    for cache in transaction.cache.values():
        if model_name in cache:
            if ids is None:
                cache[model_name].clear()
            else:
                for id_ in ids:
                    cache[model_name].pop(id_, None)


def search_readable(Model, domain, **kwargs):
    """Search the records of Model the user may read (his access and record
    rules), or none without read access: for the getters of Function
    fields listing records, which run without the user's checks (a
    marketer's customer form listing the quotations of others, which the
    client then fails to read)"""
    from trytond.pool import Pool
    from trytond.transaction import check_access
    ModelAccess = Pool().get('ir.model.access')
    with check_access():
        if not ModelAccess.check(
                Model.__name__, 'read', raise_exception=False):
            return []
        return Model.search(domain, **kwargs)


def buttons_checked_first(Model):
    """Make each button of Model check its access, groups and states before
    the modules' overrides run, and run them all as its workflow.

    Tryton decorates a button where it defines it (``ModelView.button``):
    the overrides of other modules run outside that wrapper, so before its
    checks and with the client's access checks on, as if their writes were
    a client's (``check_modification``'s external).  Decorated again at the
    outside, the checks come first, once, and the whole button writes as
    its workflow (the inner wrapper sees the checks done)."""
    from trytond.model import ModelView
    for name in Model._buttons:
        function = getattr(getattr(Model, name, None), '__func__', None)
        # a classmethod (a dualmethod is left as it is)
        if function is None or getattr(function, '_checked_first', False):
            continue
        wrapper = ModelView.button(function)
        wrapper._checked_first = True
        setattr(Model, name, classmethod(wrapper))


def check_readonly_fields(Model, values, records=(), draft=None):
    """Refuse values from a client (RPC) with a field that the form shows
    read-only: its own ``readonly`` (sao never sends such a field but a
    one-to-many) for a creation (records empty) or a write, and the
    ``readonly`` of its states for a write on records.  So a hand-made call
    cannot change a document past its draft, nor its workflow's fields
    (its state, its number) at any time, with a translated AccessError
    naming the field.

    draft(record): records whose states are left to the model (a draft,
    for which sao writes what on_change computed in read-only fields)."""
    from trytond.i18n import gettext
    from trytond.model.exceptions import AccessError
    from trytond.model.modelstorage import EvalEnvironment
    from trytond.pyson import PYSONDecoder, PYSONEncoder
    names = [n for n in values if n in Model._fields]
    for name in names:
        field = Model._fields[name]
        if field.readonly and field._type != 'one2many':
            if not records:
                raise AccessError(gettext(
                        'crm_fin.msg_create_readonly_field',
                        **Model.__names__(name)))
            raise AccessError(gettext(
                    'crm_fin.msg_write_readonly_field',
                    **Model.__names__(name, records[0])))
    states = [n for n in names if 'readonly' in Model._fields[n].states]
    for record in records:
        if not states or (draft and draft(record)):
            continue
        env = EvalEnvironment(record, Model)
        env['context'] = Transaction().context
        for name in states:
            if PYSONDecoder(env).decode(PYSONEncoder().encode(
                        Model._fields[name].states['readonly'])):
                raise AccessError(gettext(
                        'crm_fin.msg_write_readonly_field',
                        **Model.__names__(name, record)))


def lock_rows(Model, records, from_start=False):
    """Lock the rows of records until the end of the transaction, waiting
    for a concurrent transaction that holds them at most ``lock_timeout``
    seconds (section ``[crm_fin]`` of the configuration, 10 by default).

    Tryton's ``Model.lock`` locks with NOWAIT and leans on the dispatcher's
    few fast retries, so a user who collides with a slower transaction gets
    "database busy".  Waiting instead, a second user collecting the same
    installment or redeeming the same points gets, after the first one
    commits, the serialisation failure that runs the request again
    (``LockedRowsChanged``), and on the new run the domain's own clear
    message ("already collected", "not enough
    points").  A transaction that holds the rows longer than the timeout
    gives the translated "try again" message instead of a wait without end.
    SQLite serialises writers by itself: nothing to lock there.

    Either way the transaction then counts the rows as locked, so Tryton's
    own ``Model.lock`` of them later in it does not start the request
    again (see ``_locked``).

    from_start: the request run again after the wait locks the rows, and
    every row it held already (in the order it locked them, which is the
    other transactions' order: no deadlock), by the first statements of
    its transaction, and holds them while it works, instead of meeting
    another commit on them again.  For rows that many transactions change,
    each briefly, while the request runs for long: the strict sequences
    that number the moves and the invoices (a posting under load, the
    cheques' receipts)."""
    from sql import For

    from trytond import backend, config
    from trytond.exceptions import UserError
    from trytond.i18n import gettext
    # the rows the transaction holds already need no statement (a summary
    # row locked when a button first touches it, refreshed at its end)
    locked = getattr(Transaction(), '_locked_records', None)
    held = locked[Model._table] if locked is not None else set()
    ids = [int(r) for r in records if int(r) >= 0 and int(r) not in held]
    if not ids:
        return
    if backend.name != 'postgresql':
        _locked(Model, ids)
        return
    timeout = config.getint('crm_fin', 'lock_timeout', default=10)
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute("SELECT set_config('lock_timeout', %s, true)",
        ('%ss' % timeout,))
    # a lock timeout aborts the transaction: the savepoint keeps it usable
    # for the message (read from the database) and the dispatcher
    cursor.execute('SAVEPOINT crm_lock_rows')
    try:
        cursor.execute(*table.select(
                table.id, where=table.id.in_(ids), for_=For('UPDATE')))
    except backend.DatabaseOperationalError as exception:
        if getattr(exception, 'sqlstate', None) == '40001':
            # the transaction waited for changed the rows
            if from_start:
                # with every row it held already, in the order it locked
                # them (the other transactions' order): the new run locks
                # them all from its start, before its first read
                locks = {t: set(i) for t, i in (locked or {}).items() if i}
                locks.setdefault(Model._table, set()).update(ids)
                raise LockedRowsChanged(
                    [(t, sorted(i)) for t, i in locks.items()]
                    ) from exception
            raise LockedRowsChanged() from exception
        if getattr(exception, 'sqlstate', None) != '55P03':
            raise
        cursor.execute('ROLLBACK TO SAVEPOINT crm_lock_rows')
        raise UserError(gettext('crm_fin.msg_lock_timeout',
                model=Model.__names__()['model'])) from exception
    cursor.execute('RELEASE SAVEPOINT crm_lock_rows')
    cursor.execute('SET LOCAL lock_timeout TO DEFAULT')
    _locked(Model, ids)


class LockedRowsChanged(TransactionError):
    """The rows lock_rows waited for were changed by the transaction that
    held them: the request runs again from the start, on a snapshot that
    sees the change.  Not one of the dispatcher's few retries of an
    operational error: each run again follows another transaction's commit
    on the rows (four users posting invoices at once met the retries' limit
    on the numbering's sequence); the workers and the scheduled actions run
    their task again the same way.

    With ``lock_rows(from_start=True)``, the new run locks the rows from its
    start, as Tryton's own restart of a ``Model.lock`` does
    (``_lock_records``: the first statement of its transaction, waiting,
    ``database.wait_for_locked_records``).  Otherwise a run long enough (an
    invoice's posting under load: seconds) meets another commit on them (a
    cheque's receipt numbering its move) and runs again, and again: it now
    holds them while it works."""

    def __init__(self, locks=()):
        "locks: [(table, ids)] to lock from the start of the new run"
        super().__init__()
        self._locks = list(locks)

    def fix(self, extras):
        super().fix(extras)
        for table, ids in self._locks:
            locked = extras.setdefault('_lock_records', {}).setdefault(
                table, [])
            locked.extend(i for i in ids if i not in locked)


def _locked(Model, ids):
    """Record in the transaction that it holds the rows of ids, as the
    dispatcher's restart would: Tryton's own ``Model.lock`` of them later
    in the transaction (a strict sequence's ``get``, ``sale.process``) goes
    through instead of raising the error that starts the whole request again
    with the rows locked from its start (trytond 8.0 keeps that set in
    ``Transaction._locked_records``)."""
    locked = getattr(Transaction(), '_locked_records', None)
    if locked is not None:
        locked[Model._table].update(ids)


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


@contextlib.contextmanager
def migrate_singleton_values(Value, Configuration, names, module):
    """Migrate the fields names of the singleton Configuration to its
    company-dependent values Value (a value without company serves every
    company)::

        @classmethod
        def __register__(cls, module):
            with migrate_singleton_values(
                    cls, Configuration, ['cash_method'], module):
                super().__register__(module)
    """
    from sql import Column

    from trytond import backend
    exist = backend.TableHandler.table_exist(Value._table)
    yield
    configuration_h = Configuration.__table_handler__(module)
    names = [n for n in names if configuration_h.column_exist(n)]
    if exist or not names:
        return
    cursor = Transaction().connection.cursor()
    configuration = Configuration.__table__()
    table = Value.__table__()
    cursor.execute(*table.insert(
            [Column(table, f) for f in names],
            configuration.select(
                *[Column(configuration, f) for f in names])))


# ir.model computes the names of all the models with their translations
# (about 0.5 s) the first time a process asks for one in a language and keeps
# them; the requests that arrive meanwhile would each compute them again (8
# threads at once when the PBX rings a process that just started): they wait
# for the first one instead
_MODEL_NAMES = threading.Lock()


class Timestamp(fields.Timestamp):
    """A Timestamp (events ordered to the microsecond) shown to the second:
    Tryton's client showed the cheque's history at "10:30:28.614" """
    format = '%H:%M:%S'


class OriginMixin:
    """The selection of a Reference field ``origin``: the models of
    ``_get_origins`` (extended by other modules) with their names"""
    __slots__ = ()

    @classmethod
    def _get_origins(cls):
        return []

    @classmethod
    def get_origins(cls):
        from trytond.pool import Pool
        IrModel = Pool().get('ir.model')
        with _MODEL_NAMES:
            names = [(m, IrModel.get_name(m)) for m in cls._get_origins()]
        return [(None, '')] + names

    @classmethod
    def get_origin_label(cls, records, name):
        """The getter of a Function Char showing the origin: its name, or,
        when the user may not read it (another user's reminder, under the
        rule of own alarms), its kind "of another user".  A form showing the
        Reference itself was refused whole, as the client reads the name of
        the origin with the record."""
        from collections import defaultdict

        from trytond.i18n import gettext
        from trytond.pool import Pool
        pool = Pool()
        IrModel = pool.get('ir.model')
        ids = defaultdict(set)
        for record in records:
            if record.origin and (record.origin.id or -1) >= 0:
                ids[record.origin.__name__].add(record.origin.id)
        names = {}
        for model, model_ids in ids.items():
            Model = pool.get(model)
            readable = {r.id for r in search_readable(
                    Model, [('id', 'in', list(model_ids))])}
            with _MODEL_NAMES:
                hidden = gettext('crm_fin.msg_origin_of_other_user',
                    model=IrModel.get_name(model))
            for origin in Model.browse(list(model_ids)):
                names[model, origin.id] = (origin.rec_name
                    if origin.id in readable else hidden)
        return {r.id: names.get((r.origin.__name__, r.origin.id))
            if r.origin else None for r in records}
