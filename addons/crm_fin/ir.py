# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.cache import Cache
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

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
                where=rule.domain.like('%' + USER_ID + '%'),
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


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('crm.greeting|raise_greetings',
                    "Raise Birthday and Anniversary Greetings"),
                ])
