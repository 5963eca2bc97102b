# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Incremental activation of the test databases (installed by conftest.py).

Tryton keys its DB_CACHE on the exact module list: every ModuleTestCase and
every module set of the scenarios activates all its modules from an empty
database, account, sale and company included (a minute or two each).  Here
``trytond.tests.test_tryton.activate_module`` and
``trytond.tests.tools.activate_modules`` start instead, on a cache miss, from
the cached database whose activated modules are the largest part of the
requested ones and activate only the missing modules, the way an edition is
upgraded in production (``python -m editions base1 base3``).  The activated
modules of a database are always exactly the requested ones with their
dependencies: no test sees a module it did not ask for.

Every module set of the suite's tests holds crm_fin with sale (SEED): when
no cached database holds them yet, they are activated and cached first, so
every later set starts from there.  ``activate_modules`` caches also the
activated database before its set-up functions run (under the name Tryton
gives to the same modules without set-up): only those bare databases are
bases of other sets.

DB_CACHE_INCREMENTAL=0 leaves Tryton's own functions (to compare).

The known databases live in this process only (one pytest process per pass,
DB_CACHE empty at its start): with an older DB_CACHE kept between runs, its
databases are still restored by their exact names as Tryton does.
"""
import os

from trytond.modules import get_module_info
from trytond.tests import test_tryton, tools

__all__ = ['install', 'closure']

# crm_fin is the hub of the suite and every addon's tests sell
SEED = ['crm_fin', 'sale']

# name of the cached database: (language, its activated modules)
_cached = {}


def closure(modules):
    "The modules with all their dependencies"
    result, todo = set(), list(modules)
    while todo:
        module = todo.pop()
        if module not in result:
            result.add(module)
            todo.extend(get_module_info(module).get('depends', []))
    return frozenset(result)


def _name(modules, lang='en'):
    "The cache name test_tryton.activate_module gives to modules"
    name = '-'.join(modules)
    if lang != 'en':
        name += '--' + lang
    return name


def _bare_name(modules):
    "The cache name tools.activate_modules gives to modules without set-up"
    return '-'.join(sorted(modules))


def _remember(name, modules, lang='en'):
    if test_tryton.DB_CACHE:
        _cached[name] = (lang, closure(modules))


def _restore_base(modules, lang):
    """Restore the cached database of most of modules (no other) and return
    True, or return False when there is none"""
    wanted = closure(modules)
    bases = sorted(
        ((len(activated), name) for name, (lang_, activated)
            in _cached.items() if lang_ == lang and activated < wanted),
        reverse=True)
    seed = closure(SEED)
    if seed < wanted and not any(
            seed <= _cached[name][1] for _, name in bases):
        # The first module set of the run: its common part first
        if test_tryton.db_exist(test_tryton.DB_NAME):
            test_tryton.drop_db()
        activate_module(SEED, lang=lang)
        return True
    for _, name in bases:
        if test_tryton.restore_db_cache(name):
            return True
    return False


def _activate_missing(modules):
    "Activate modules on the database as test_tryton.activate_module does"
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    with Transaction().start(
            test_tryton.DB_NAME, 1, close=True) as transaction:
        pool = Pool()
        Module = pool.get('ir.module')
        records = Module.search([
                ('name', 'in', modules),
                ])
        assert len(records) == len(modules), (
            f"Not found: {', '.join(set(modules) - {r.name for r in records})}"
            )
        records = Module.search([
                ('name', 'in', modules),
                ('state', '!=', 'activated'),
                ])
        if records:
            Module.activate(records)
            transaction.commit()

            ActivateUpgrade = pool.get(
                'ir.module.activate_upgrade', type='wizard')
            instance_id, _, _ = ActivateUpgrade.create()
            transaction.commit()
            ActivateUpgrade(instance_id).transition_upgrade()
            ActivateUpgrade.delete(instance_id)
            transaction.commit()


def activate_module(modules, lang='en'):
    "test_tryton.activate_module from the largest cached part of modules"
    if isinstance(modules, str):
        modules = [modules]
    if (not test_tryton.DB_CACHE
            or test_tryton.db_exist(test_tryton.DB_NAME)):
        return _activate_module(modules, lang=lang)
    name = _name(modules, lang)
    if not test_tryton.restore_db_cache(name):
        if _restore_base(modules, lang):
            _activate_missing(modules)
            test_tryton.backup_db_cache(name)
        else:
            _activate_module(modules, lang=lang)
    _remember(name, modules, lang)


def activate_modules(modules, *setup):
    "tools.activate_modules from the largest cached part of modules"
    from proteus import Model, Wizard

    if isinstance(modules, str):
        modules = [modules]
    if not test_tryton.DB_CACHE:
        return _activate_modules(modules, *setup)
    cache_name = _bare_name(modules)
    if setup_name := '|'.join(tools._func_name(f) for f in setup):
        cache_name += f'--{setup_name}'
    if test_tryton.restore_db_cache(cache_name):
        return tools._get_config()
    bare = _bare_name(modules)
    if not (setup and test_tryton.restore_db_cache(bare)):
        if not _restore_base(modules, 'en'):
            test_tryton.drop_create()
        config = tools._get_config()
        Module = Model.get('ir.module')
        records = Module.find([
                ('name', 'in', modules),
                ])
        assert len(records) == len(modules), (
            f"Not found: {', '.join(set(modules) - {r.name for r in records})}")
        Module.click(
            [r for r in records if r.state != 'activated'], 'activate')
        Wizard('ir.module.activate_upgrade').execute('upgrade')
        if setup:
            test_tryton.backup_db_cache(bare)
    _remember(bare, modules)

    config = tools._get_config()
    for func in setup:
        func(config=config)
    test_tryton.backup_db_cache(cache_name)
    return config


_activate_module = test_tryton.activate_module
_activate_modules = tools.activate_modules


def install():
    "Replace Tryton's activation functions by the incremental ones"
    if os.environ.get('DB_CACHE_INCREMENTAL', '1') == '0':
        return
    test_tryton.activate_module = activate_module
    tools.activate_modules = activate_modules
