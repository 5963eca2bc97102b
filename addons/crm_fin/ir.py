# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import logging
import os
import tempfile

import polib
from sql.operators import Or

from trytond.cache import Cache
from trytond.modules import get_module_info
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)

USER_ID = '"user_id"'


class Rule(metaclass=PoolMeta):
    """Record rules may use ``Eval('user_id')``: the suite's "own records"
    rules (alarms of a user, documents and customers of a marketer) depend
    on who asks.

    Like Tryton's own res.notification rule, the user is put in the rule
    context and in the cache key only for the models whose rules evaluate
    it, so the rules of every other model stay cached per group.  Which
    models those are is read from the rules themselves (the PYSON of
    ``Eval('user_id')``), so a new "own records" rule needs no list to be
    kept up to date."""
    __name__ = 'ir.rule'
    _user_rule_models_cache = Cache(
        'ir_rule.user_rule_models', context=False)

    @classmethod
    def _user_rule_keys(cls):
        """The names of the rule context that depend on the user (as in the
        PYSON of the rules): user_id, and those access_template.py adds"""
        return [USER_ID]

    @classmethod
    def _user_rule_models(cls):
        "The names of the models with a rule that evaluates user_id"
        models = cls._user_rule_models_cache.get(None)
        if models is not None:
            return models
        RuleGroup = Pool().get('ir.rule.group')
        rule = cls.__table__()
        rule_group = RuleGroup.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*rule.join(rule_group,
                condition=rule.rule_group == rule_group.id
                ).select(rule_group.model,
                where=Or([rule.domain.like('%' + k + '%')
                        for k in cls._user_rule_keys()]),
                group_by=[rule_group.model]))
        models = frozenset(m for m, in cursor)
        return cls._user_rule_models_cache.set(None, models)

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        if model_name in cls._user_rule_models():
            context['user_id'] = Transaction().user
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        key = super()._get_cache_key(model_names)
        if set(model_names) & cls._user_rule_models():
            key = (*key, Transaction().user)
        return key

    @classmethod
    def on_modification(cls, mode, rules, field_names=None):
        super().on_modification(mode, rules, field_names=field_names)
        cls._user_rule_models_cache.clear()


class Lang(metaclass=PoolMeta):
    __name__ = 'ir.lang'
    # what the suite's texts read of a language (tools.format_date,
    # format_number, format_amount): once per process, not a read of the
    # language's record in every request
    _crm_conventions = Cache('ir.lang.crm_conventions', context=False)

    @classmethod
    def on_modification(cls, mode, languages, field_names=None):
        super().on_modification(mode, languages, field_names=field_names)
        cls._crm_conventions.clear()

    @classmethod
    def crm_conventions(cls, code):
        """{id, date, thousands_sep, decimal_point, p_sep_by_space,
        p_cs_precedes} of the language of code (its parent's when it has
        none: ir.lang.get), None for an unknown code"""
        conventions = cls._crm_conventions.get(code, -1)
        if conventions != -1:
            return conventions
        try:
            lang = cls.get(code)
        except (KeyError, ValueError):
            lang = None
        conventions = None
        if lang is not None:
            conventions = {name: getattr(lang, name) for name in [
                    'id', 'date', 'thousands_sep', 'decimal_point',
                    'p_sep_by_space', 'p_cs_precedes']}
        cls._crm_conventions.set(code, conventions)
        return conventions


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('crm.greeting|raise_greetings',
                    "Raise Birthday and Anniversary Greetings"),
                ('crm.party.summary|refresh_stale',
                    "Refresh the Payment Scores Changed by the Date"),
                ])


class Translation(metaclass=PoolMeta):
    """The suite ships translations of the Tryton modules it activates
    (``locale/override/<lang>.po``: entries whose context names the module,
    ``field:sale.sale,party:sale.``) where upstream leaves them empty, fuzzy
    or wrong.  Tryton applies such an entry to the module's translation and
    fails when the module is not activated; an edition activates only some
    of them, so the entries of modules that are not loaded before this one
    (not activated) are left out."""
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        if isinstance(po_path, str):
            po_path = [po_path]
        paths, temporaries, confirmed = [], [], []
        loaded = _loaded_dependencies(module)
        try:
            for path in po_path:
                pofile = polib.pofile(path)
                entries = [e for e in pofile if not e.obsolete]
                kept = [e for e in entries
                    if cls._override_applies(e, lang, loaded, confirmed)]
                if len(kept) == len(entries):
                    paths.append(path)
                    continue
                filtered = polib.POFile()
                filtered.metadata = pofile.metadata
                filtered.extend(kept)
                with tempfile.NamedTemporaryFile(
                        'w', suffix='.po', delete=False) as fp:
                    temporaries.append(fp.name)
                filtered.save(fp.name)
                paths.append(fp.name)
            result = super().translation_import(lang, module, paths)
            # Tryton leaves a fuzzy translation fuzzy (so unused) when the
            # override has the same text: the override confirms it
            if confirmed:
                cls.write(confirmed, {
                        'fuzzy': False,
                        'overriding_module': module,
                        })
            return result
        finally:
            for path in temporaries:
                os.unlink(path)

    @classmethod
    def _override_applies(cls, entry, lang, loaded, confirmed):
        """Whether entry is not an override or overrides a loaded
        translation; the fuzzy translations it confirms go to confirmed"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        type_, name, res_id = entry.msgctxt.split(':')
        if '.' not in res_id:
            return True
        target, fs_id = res_id.split('.', 1)
        if target not in loaded:
            return False
        if fs_id:
            try:
                db_id = ModelData.get_id(target, fs_id)
            except KeyError:
                return False
        else:
            db_id = -1
        domain = [
            ('name', '=', name),
            ('res_id', '=', db_id),
            ('lang', '=', lang),
            ('type', '=', type_),
            ('module', '=', target),
            ]
        if type_ in {'report', 'view', 'wizard_button', 'selection'}:
            domain.append(('src', '=', entry.msgid))
        translations = cls.search(domain)
        if len(translations) == 1:
            translation, = translations
            if (translation.fuzzy and 'fuzzy' not in entry.flags
                    and translation.value == entry.msgstr):
                confirmed.append(translation)
            return True
        logger.warning("%s: no translation of %s to override", lang,
            entry.msgctxt)
        return False


def _loaded_dependencies(module):
    "Activated modules module depends on, directly or through extras"
    pool = Pool()
    Module = pool.get('ir.module')
    activated = {m.name for m in Module.search([
                ('state', 'in', ['activated', 'to activate', 'to upgrade']),
                ])}
    result, todo = set(), [module]
    while todo:
        info = get_module_info(todo.pop()) or {}
        for name in (info.get('depends', [])
                + info.get('extras_depend', [])):
            if name in activated and name not in result:
                result.add(name)
                todo.append(name)
    return result
