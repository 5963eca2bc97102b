# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Texts stored as data and rendered in the reader's language.

A text the suite writes for later (an alarm's title, its description, the
SMS sent to the party, a notification) is stored as a *message* and its
*parameters*, never as a sentence frozen in the language of whoever ran the
scheduler.  It is rendered when it is read: in the language of the user who
reads it, or of the party who receives the SMS.

A message is either

* an ``ir.message`` id, ``'crm_installments.msg_alarm_name'``, whose text
  has ``%(name)s`` placeholders, or
* a translatable text field of a record, ``'crm.sms.template,5:text'``
  (an SMS template, a configuration's text), whose text has ``${name}``
  placeholders.

Parameters are stored in a ``fields.Dict`` (JSON) by ``encode_params``:

* dates, times, numbers and strings as they are (dates in the reader's
  calendar and digits, numbers with the reader's separators);
* ``Amount(amount, currency)``: money with the currency's digits and sign;
* a record: its ``rec_name`` in the reader's language;
* ``Selection(model, field, value)``: the translated label of a value;
* ``Message(message_id)``: another message, translated.
"""
import datetime
from collections import namedtuple
from decimal import Decimal

from trytond.model import Model, ModelSingleton
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import (
    Transaction, inactive_records, without_check_access)

from .tools import (
    format_amount, format_date, format_number, format_time, in_max, render)


class Amount(namedtuple('Amount', ['amount', 'currency'])):
    "Money: formatted with the currency in the reader's language"
    __slots__ = ()


class Selection(namedtuple('Selection', ['model', 'field', 'value'])):
    "A selection value: its label translated in the reader's language"
    __slots__ = ()


class Message(namedtuple('Message', ['id'])):
    "An ir.message (without parameters) translated in the reader's language"
    __slots__ = ()


def encode_params(values):
    "Return the parameters values (a dict) in the form a Dict field stores"
    params = {}
    for key, value in (values or {}).items():
        if value is None:
            continue
        if isinstance(value, Amount):
            value = {'amount': Decimal(str(value.amount)),
                'currency': int(value.currency)}
        elif isinstance(value, Selection):
            model = value.model
            if not isinstance(model, str):
                model = model.__name__
            value = {'selection': value.value, 'model': model,
                'field': value.field}
        elif isinstance(value, Message):
            value = {'message': value.id}
        elif isinstance(value, Model):
            value = {'record': '%s,%s' % (value.__name__, value.id)}
        elif isinstance(value, float):
            value = Decimal(repr(value))
        elif not isinstance(value, (str, int, Decimal, datetime.date,
                    datetime.time)):
            value = str(value)
        params[key] = value
    return params


class _SafeDict(dict):
    "Missing placeholders of a message are left empty"

    def __missing__(self, key):
        return ''


def _records(params_list, lang):
    "Return {'model,id': record read in lang} of the record parameters"
    pool = Pool()
    ids = {}
    for params in params_list:
        for value in (params or {}).values():
            if isinstance(value, dict) and 'record' in value:
                model, id_ = value['record'].split(',')
                ids.setdefault(model, set()).add(int(id_))
            elif isinstance(value, dict) and 'currency' in value:
                ids.setdefault('currency.currency', set()).add(
                    int(value['currency']))
    records = {}
    # archived records (a party erased, a closed tier) keep their names
    with Transaction().set_context(language=lang), inactive_records():
        for model, model_ids in ids.items():
            Model_ = pool.get(model)
            if issubclass(Model_, ModelSingleton):
                records['%s,1' % model] = Model_(1)
                continue
            for sub in grouped_slice(sorted(model_ids), in_max()):
                existing = Model_.search([('id', 'in', list(sub))])
                for record in Model_.browse(existing):
                    records['%s,%s' % (model, record.id)] = record
    return records


def _format(value, lang, records):
    if isinstance(value, dict):
        if 'record' in value:
            record = records.get(value['record'])
            return record.rec_name if record else ''
        if 'currency' in value:
            currency = records.get('currency.currency,%s' % value['currency'])
            return format_amount(value['amount'], currency, lang)
        if 'selection' in value:
            Model_ = Pool().get(value['model'])
            with Transaction().set_context(language=lang):
                selection = dict(Model_.fields_get(
                        [value['field']])[value['field']]['selection'])
            return selection.get(value['selection'], value['selection'])
        if 'message' in value:
            return _message_text(value['message'], lang)
        return ''
    if isinstance(value, datetime.datetime):
        return '%s %s' % (format_date(value, lang), format_time(value, lang))
    if isinstance(value, datetime.date):
        return format_date(value, lang)
    if isinstance(value, datetime.time):
        return format_time(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, lang)
    return str(value)


def _message_text(message, lang):
    "The text of message in lang, with its placeholders"
    pool = Pool()
    if ':' in message:
        reference, field = message.split(':', 1)
        model, id_ = reference.split(',')
        Model_ = pool.get(model)
        with Transaction().set_context(language=lang), inactive_records():
            if issubclass(Model_, ModelSingleton):
                records = [Model_(1)]
            else:
                records = Model_.search([('id', '=', int(id_))])
            return (getattr(records[0], field) or '') if records else ''
    IrMessage = pool.get('ir.message')
    module, id_ = message.split('.', 1)
    return IrMessage.gettext(module, id_, lang)


def render_messages(items, lang=None):
    """Render [(message, params)] in lang (the transaction's by default):
    one text per item, '' for an item without message"""
    if lang is None:
        lang = Transaction().language
    items = list(items)
    with without_check_access():
        records = _records([p for m, p in items if m], lang)
        texts = []
        for message, params in items:
            if not message:
                texts.append('')
                continue
            values = {k: _format(v, lang, records)
                for k, v in (params or {}).items()}
            text = _message_text(message, lang)
            if ':' in message:
                texts.append(render(text, **values))
            else:
                texts.append(text % _SafeDict(values) if '%' in text
                    else text)
    return texts


def party_language(party):
    """The language of the messages to party: the party's, else the company
    party's, else the database's"""
    pool = Pool()
    Company = pool.get('company.company')
    Configuration = pool.get('ir.configuration')
    if party and party.lang:
        return party.lang.code
    company = Transaction().context.get('company')
    if company:
        company = Company(company)
        if company.party.lang:
            return company.party.lang.code
    return Configuration.get_language()


def party_languages(parties):
    """{party id: language} of the messages to parties, as party_language
    gives it, the parties' languages read at once (the due-date alarms
    render the SMS of thousands of parties)"""
    pool = Pool()
    Party = pool.get('party.party')
    Value = Party.multivalue_model('lang')
    company = Transaction().context.get('company')
    ids = sorted({p.id for p in parties if p})
    langs = {}
    with without_check_access():
        for sub in grouped_slice(ids):
            values = Value.search(
                [('party', 'in', list(sub))], order=[('id', 'ASC')])
            # the company's value before the value of every company
            # (CompanyMultiValueMixin.multivalue_records)
            values.sort(key=lambda v: getattr(v, 'company', None) is None)
            for value in values:
                if getattr(value, 'company', None) and (
                        value.company.id != company):
                    continue
                langs.setdefault(
                    value.party.id, value.lang.code if value.lang else None)
    default = party_language(None)
    return {i: langs.get(i) or default for i in ids}


def render_message(message, params=None, lang=None):
    "Render one message with its (encoded) params in lang"
    return render_messages([(message, params)], lang)[0]
