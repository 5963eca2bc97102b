# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Audit trail: who changed what, when, on which record (seed 002, seed 004
question 59, issue 22).

Every model with Tryton's history (``_history``: parties, quotations and
their lines, invoices and their lines, installments, cheques, commissions,
communications, tasks, policies, appointments, the configurations and the
access templates) keeps each version of each record in its ``__history``
table: a row per creation and change (with its date and user), and an empty
row on deletion.  The **Audit** (``crm.audit.entry``, administrators only)
reads those tables: one entry per version, with the user, the date, the
document and the record, and its changes computed from the version before
it (field, old and new value, in the reader's language; the fields he may
not read masked).  A deletion shows the record's name and its last data.
*Open* shows the record as it was at that version (sao's revisions).

The entries are a ``table_query``: a UNION ALL of the history tables, each
filtered inside by the context (from and to date, user, document), so a
page reads the date range through the index of every history table on
``COALESCE(write_date, create_date)`` (Tryton's) and, for a user, through
the index on ``(COALESCE(write_uid, create_uid), date)`` that
``HistoryIndexMixin`` adds to every history table.  The changes are
computed per page: two queries per document (the versions and the version
before each)."""
import datetime
import json
from collections import defaultdict
from decimal import Decimal

from sql import Cast, Column, Literal, Null, Union
from sql.aggregate import Max
from sql.conditionals import Case, Coalesce

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import DateTime, PYSONEncoder
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .tools import Timestamp, format_date, format_number, in_max, sql_text

# The columns of every history table that are not data
BASE_FIELDS = {'id', 'create_uid', 'create_date', 'write_uid',
    'write_date'}
# Room for the history models in an entry id: __id * MODELS + index
MODELS = 1000
TEXT_MAX = 120


def history_models(pool=None):
    "The names of the models with a history table, sorted"
    if pool is None:
        pool = Pool()
    return sorted(name for name, Model in pool.iterobject()
        if issubclass(Model, ModelSQL) and getattr(Model, '_history', False)
        and not Model._is_table_query())


class HistoryIndexMixin:
    """The indexes of the Audit on every history table (registered on every
    ModelSQL): Tryton's own (by record, by date) also for the models that
    turn their history on in ``__setup__``, after Tryton declared them, and
    one by user and date"""
    __slots__ = ()

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        if not getattr(cls, '_history', False) or cls._is_table_query():
            return
        history = cls.__table_history__()
        date = Coalesce(history.write_date, history.create_date)
        user = Coalesce(history.write_uid, history.create_uid)
        cls._history_sql_indexes.update({
                Index(history, (history.id, Index.Equality())),
                Index(history,
                    (history.id, Index.Equality()),
                    (date, Index.Range()),
                    order='DESC',
                    include=[Column(history, '__id')]),
                Index(history,
                    (date, Index.Range()),
                    (Column(history, '__id'), Index.Range()),
                    order='DESC',
                    include=[history.id]),
                Index(history,
                    (user, Index.Equality()),
                    (date, Index.Range())),
                })


class _History:
    "Keep every version of the records"
    __slots__ = ()

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._history = True


class Configuration(_History, metaclass=PoolMeta):
    __name__ = 'crm.configuration'


class ConfigurationSpecialCategories(_History, metaclass=PoolMeta):
    __name__ = 'crm.configuration.special_categories'


class SaleConfiguration(_History, metaclass=PoolMeta):
    __name__ = 'sale.configuration'


class Sale(_History, metaclass=PoolMeta):
    __name__ = 'sale.sale'


class SaleLine(_History, metaclass=PoolMeta):
    __name__ = 'sale.line'


class Invoice(_History, metaclass=PoolMeta):
    __name__ = 'account.invoice'


class InvoiceLine(_History, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'


class Commission(_History, metaclass=PoolMeta):
    __name__ = 'commission'


class CommissionAgent(_History, metaclass=PoolMeta):
    __name__ = 'commission.agent'


class CommissionPlan(_History, metaclass=PoolMeta):
    __name__ = 'commission.plan'


class CommissionPlanLine(_History, metaclass=PoolMeta):
    __name__ = 'commission.plan.line'


class AuditContext(ModelView):
    "Audit Context"
    __name__ = 'crm.audit.context'
    __string__ = "Audit Context"
    from_date = fields.Date("From Date", required=True,
        help="Keep a short period: the history of every document is read.")
    to_date = fields.Date("To Date")
    user = fields.Many2One('res.user', "User",
        context={
            'active_test': False,
            })
    model = fields.Selection('get_models', "Document")

    @classmethod
    def default_from_date(cls):
        return Pool().get('ir.date').today() - datetime.timedelta(days=7)

    @classmethod
    def get_models(cls):
        return [(None, "")] + AuditEntry.get_models()


class AuditEntry(ModelSQL, ModelView):
    "Audit Entry"
    __name__ = 'crm.audit.entry'
    __string__ = "Audit Entry"
    date = Timestamp("Date")
    user = fields.Many2One('res.user', "User",
        context={
            'active_test': False,
            })
    model = fields.Selection('get_models', "Document")
    record_id = fields.Integer("Record ID")
    action = fields.Selection([
            ('create', "Created"),
            ('write', "Changed"),
            ('delete', "Deleted"),
            ], "Action")
    history_id = fields.Integer("Version")
    record_name = fields.Function(fields.Char("Record"), 'get_audit')
    changes = fields.Function(fields.Text("Changes"), 'get_audit')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'open_record': {},
                })

    @classmethod
    def get_models(cls):
        "The documents with a history, by their name in the user's language"
        pool = Pool()
        return sorted(
            ((n, pool.get(n).__names__()['model']) for n in history_models()),
            key=lambda m: m[1])

    @classmethod
    def table_query(cls):
        pool = Pool()
        context = Transaction().context
        models = history_models()
        selected = [context['model']] if context.get('model') else models
        queries = []
        for index, name in enumerate(models):
            if name not in selected:
                continue
            history = pool.get(name).__table_history__()
            version = Column(history, '__id')
            date = Coalesce(history.write_date, history.create_date)
            user = Coalesce(history.write_uid, history.create_uid)
            action = Case(
                (history.create_date == Null, sql_text('delete')),
                (history.write_date == Null, sql_text('create')),
                else_=sql_text('write'))
            where = Literal(True)
            if context.get('from_date'):
                where &= date >= datetime.datetime.combine(
                    context['from_date'], datetime.time.min)
            if context.get('to_date'):
                where &= date < datetime.datetime.combine(
                    context['to_date'] + datetime.timedelta(days=1),
                    datetime.time.min)
            if context.get('user'):
                where &= user == context['user']
            queries.append(history.select(
                    (Cast(version, 'BIGINT') * MODELS + index).as_('id'),
                    version.as_('history_id'),
                    sql_text(name).as_('model'),
                    history.id.as_('record_id'),
                    date.as_('date'),
                    user.as_('user'),
                    action.as_('action'),
                    where=where))
        if not queries:
            # no history model selected: no entry
            history = pool.get(models[0]).__table_history__()
            queries.append(history.select(
                    Cast(Column(history, '__id'), 'BIGINT').as_('id'),
                    Column(history, '__id').as_('history_id'),
                    sql_text('').as_('model'),
                    history.id.as_('record_id'),
                    history.write_date.as_('date'),
                    history.write_uid.as_('user'),
                    sql_text('').as_('action'),
                    where=Literal(False)))
        if len(queries) == 1:
            return queries[0]
        return Union(*queries, all_=True)

    @classmethod
    def get_audit(cls, entries, names):
        pool = Pool()
        result = {n: {e.id: None for e in entries} for n in names}
        by_model = defaultdict(list)
        for entry in entries:
            by_model[entry.model].append(entry)
        for name, model_entries in by_model.items():
            Model = pool.get(name)
            versions, previous = cls._versions(
                Model, [e.history_id for e in model_entries])
            formatter = _Formatter(Model)
            existing = cls._existing(
                Model, {e.record_id for e in model_entries})
            for entry in model_entries:
                row = versions.get(entry.history_id, {})
                before = versions.get(previous.get(entry.history_id), {})
                if 'record_name' in names:
                    if entry.record_id in existing:
                        result['record_name'][entry.id] = (
                            existing[entry.record_id])
                    else:
                        result['record_name'][entry.id] = (
                            formatter.name(entry.record_id, row or before))
                if 'changes' in names:
                    result['changes'][entry.id] = formatter.changes(
                        entry.action, before, row)
        return result

    @classmethod
    def _versions(cls, Model, history_ids):
        """The versions history_ids and the version before each:
        ({__id: {field: value}}, {__id: previous __id})"""
        cursor = Transaction().connection.cursor()
        history = Model.__table_history__()
        other = Model.__table_history__()
        version = Column(history, '__id')
        names = [n for n, f in Model._fields.items()
            if f.sql_type() and not isinstance(f, fields.Function)
            and f._type != 'binary' and n not in BASE_FIELDS]
        previous = {}
        for sub_ids in grouped_slice(history_ids, in_max()):
            cursor.execute(*history.select(version,
                    other.select(Max(Column(other, '__id')),
                        where=(other.id == history.id)
                        & (Column(other, '__id') < version)),
                    where=version.in_(list(sub_ids))))
            previous.update(cursor)
        versions = {}
        wanted = set(history_ids) | {p for p in previous.values() if p}
        for sub_ids in grouped_slice(sorted(wanted), in_max()):
            cursor.execute(*history.select(version, history.create_date,
                    *(Column(history, n) for n in names),
                    where=version.in_(list(sub_ids))))
            for row in cursor:
                # a deletion keeps no data (create_date is empty)
                versions[row[0]] = (dict(zip(names, row[2:]))
                    if row[1] is not None else {})
        return versions, previous

    @classmethod
    def _existing(cls, Model, ids):
        "The names of the records of ids that still exist"
        with without_check_access(), Transaction().set_context(
                active_test=False, _datetime=None):
            records = Model.search([('id', 'in', list(ids))], order=[])
            return {r.id: r.rec_name for r in records}

    @classmethod
    @ModelView.button
    def open_record(cls, entries):
        "The record as it was at the version of the entry (read only)"
        pool = Pool()
        if not entries:
            return
        entry = entries[0]
        Model = pool.get(entry.model)
        date = entry.date
        if entry.action == 'delete':
            date = cls._before_deletion(Model, entry) or date
        encoder = PYSONEncoder()
        return {
            'type': 'ir.action.act_window',
            'name': Model.__names__()['model'],
            'res_model': entry.model,
            'res_id': [entry.record_id],
            'views': [[None, 'form']],
            'pyson_domain': encoder.encode([('id', '=', entry.record_id)]),
            'pyson_context': encoder.encode({
                    '_datetime': DateTime(date.year, date.month, date.day,
                        date.hour, date.minute, date.second,
                        date.microsecond),
                    }),
            'pyson_order': '[]',
            'pyson_search_value': '[]',
            'domains': [],
            'context_model': None,
            'context_domain': None,
            'limit': 0,
            }

    @classmethod
    def _before_deletion(cls, Model, entry):
        "The date of the last version of the record before its deletion"
        cursor = Transaction().connection.cursor()
        history = Model.__table_history__()
        cursor.execute(*history.select(
                Coalesce(history.write_date, history.create_date),
                where=(history.id == entry.record_id)
                & (Column(history, '__id') < entry.history_id)
                & (history.create_date != Null),
                order_by=[Column(history, '__id').desc], limit=1))
        row = cursor.fetchone()
        return _timestamp(row[0]) if row else None


def _timestamp(value):
    "A timestamp of the database (SQLite answers text)"
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value)
    return value


class _Formatter:
    "Field values of a model's versions as the reader reads them"

    def __init__(self, Model):
        pool = Pool()
        FieldAccess = pool.get('ir.model.field.access')
        self.Model = Model
        self.definitions = Model.fields_get()
        access = FieldAccess.get_access([Model.__name__])[Model.__name__]
        self.hidden = {n for n, a in access.items() if not a['read']}
        self.names = {}

    def label(self, name):
        definition = self.definitions.get(name)
        return (definition['string'] if definition
            else self.Model._fields[name].string)

    def changes(self, action, before, row):
        lines = []
        if action == 'write':
            for name, value in row.items():
                old = before.get(name) if before else None
                if self._equal(name, old, value):
                    continue
                lines.append(gettext('crm_fin.msg_audit_change',
                        field=self.label(name),
                        old=self.value(name, old) if before else '?',
                        new=self.value(name, value)))
        else:
            values = row if action == 'create' else before
            for name, value in values.items():
                if value is None or value == '':
                    continue
                lines.append(gettext('crm_fin.msg_audit_value',
                        field=self.label(name),
                        value=self.value(name, value)))
        return '\n'.join(sorted(lines))

    def _equal(self, name, old, new):
        field = self.Model._fields[name]
        return self._python(field, old) == self._python(field, new)

    @staticmethod
    def _python(field, value):
        "The Python value of a column (SQLite answers text and floats)"
        if value is None:
            return None
        if field._type == 'date' and isinstance(value, str):
            return datetime.date.fromisoformat(value)
        if (field._type in {'datetime', 'timestamp'}
                and isinstance(value, str)):
            return datetime.datetime.fromisoformat(value)
        if field._type == 'numeric' and not isinstance(value, Decimal):
            return Decimal(str(value))
        if field._type == 'boolean':
            return bool(value)
        return value

    def value(self, name, value):
        field = self.Model._fields[name]
        if name in self.hidden:
            return '•••'
        value = self._python(field, value)
        if value is None or value == '':
            return '—'
        type_ = field._type
        if type_ == 'boolean':
            return '✓' if value else '✗'
        if type_ == 'many2one':
            return self.record_name(field.model_name, value)
        if type_ == 'reference':
            model, _, id_ = str(value).partition(',')
            if id_.lstrip('-').isdigit():
                return self.record_name(model, int(id_))
            return str(value)
        if type_ in {'selection', 'multiselection'}:
            selection = dict(
                self.definitions.get(name, {}).get('selection') or [])
            if type_ == 'multiselection':
                if isinstance(value, str):
                    value = json.loads(value)
                return ', '.join(str(selection.get(v, v)) for v in value)
            return str(selection.get(value, value))
        if type_ == 'date':
            return format_date(value)
        if type_ in {'datetime', 'timestamp'}:
            return _format_datetime(value)
        if type_ in {'numeric', 'float', 'integer', 'bigint'}:
            digits = None
            if isinstance(value, Decimal):
                digits = max(-value.as_tuple().exponent, 0)
            elif type_ in {'integer', 'bigint'}:
                digits = 0
            elif float(value).is_integer():
                digits = 0  # a quantity of 2 reads 2, not 2.0
            return format_number(value, digits=digits)
        text = str(value)
        if len(text) > TEXT_MAX:
            text = text[:TEXT_MAX - 1] + '…'
        return text

    def record_name(self, model, id_):
        key = (model, id_)
        if key not in self.names:
            try:
                Target = Pool().get(model)
                with without_check_access(), Transaction().set_context(
                        active_test=False):
                    found = Target.search([('id', '=', id_)], limit=1)
                    self.names[key] = (found[0].rec_name if found
                        else '#%s' % id_)
            except Exception:
                self.names[key] = '#%s' % id_
        return self.names[key]

    def name(self, record_id, values):
        "The name of a deleted record, from its last data"
        Model = self.Model
        if values:
            data = {n: self._python(Model._fields[n], v)
                for n, v in values.items() if v is not None}
            try:
                with without_check_access():
                    record = Model(**data)
                    name = record.rec_name
                if name:
                    return name
            except Exception:
                pass
            rec_name = values.get(Model._rec_name)
            if rec_name:
                return str(rec_name)
        return '%s #%s' % (Model.__names__()['model'], record_id)


def _format_datetime(value):
    "A UTC timestamp in the user's time zone and date convention"
    from trytond.tools.timezone import get_tzinfo
    context = Transaction().context
    if context.get('timezone'):
        value = value.replace(tzinfo=datetime.timezone.utc).astimezone(
            get_tzinfo(context['timezone']))
    return '%s %s' % (format_date(value.date()),
        value.strftime('%H:%M:%S'))
