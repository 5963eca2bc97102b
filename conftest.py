"""pytest glue for Tryton tests.

* ``addons/<module>/tests/test_*.py`` are imported under their installed name
  ``trytond.modules.<module>.tests.<file>`` (the name Tryton itself uses), so
  pytest and trytond share one copy of every module.
* ``scenario_*.rst`` files are proteus doctest scenarios; each runs with
  Tryton's own doctest set-up, checker and option flags (one item per entry of
  a sibling ``.json`` file, like ``load_doc_tests``).
* With DB_CACHE, a module set missing from the cache is activated on top of
  the cached database of most of its modules (``tests/activation.py``):
  Tryton's ``activate_module`` and ``activate_modules`` are replaced before
  any test module imports them.
"""
import doctest
import importlib
import importlib.util
import json
import os
import sys
import unittest
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
ADDONS = ROOT / 'addons'

os.environ.setdefault('DB_NAME', ':memory:')


def _install_activation():
    "Load tests/activation.py by its path (tests/ is no package) and install"
    spec = importlib.util.spec_from_file_location(
        'crm_test_activation', ROOT / 'tests' / 'activation.py')
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.install()


_install_activation()


def _dotted_name(path):
    relative = Path(path).relative_to(ADDONS).with_suffix('')
    return '.'.join(('trytond', 'modules') + relative.parts)


class TrytonTestModule(pytest.Module):
    def _getobj(self):
        return importlib.import_module(_dotted_name(self.path))


def pytest_pycollect_makemodule(module_path, parent):
    if ADDONS in Path(module_path).parents:
        return TrytonTestModule.from_parent(parent, path=module_path)


def pytest_collect_file(parent, file_path):
    if file_path.suffix == '.rst' and file_path.name.startswith('scenario'):
        return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    def collect(self):
        config = self.path.with_suffix('.json')
        configs = json.loads(config.read_text()) if config.exists() else [{}]
        for index, globs in enumerate(configs):
            name = self.path.stem
            if len(configs) > 1:
                name += '[%s]' % ','.join(
                    '%s=%s' % item for item in sorted(globs.items())) or index
            yield ScenarioItem.from_parent(self, name=name, globs=globs)


class ScenarioFailure(Exception):
    pass


class ScenarioItem(pytest.Item):
    def __init__(self, *, globs, **kwargs):
        super().__init__(**kwargs)
        self.globs = globs

    def runtest(self):
        from trytond import backend
        from trytond.tests.test_tryton import (
            STRIP_DECIMAL, doctest_checker, doctest_setup, doctest_teardown)
        optionflags = (
            doctest.REPORT_ONLY_FIRST_FAILURE
            | doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL)
        if backend.name == 'sqlite':
            optionflags |= STRIP_DECIMAL
        suite = doctest.DocFileSuite(
            str(self.path), module_relative=False, globs=dict(self.globs),
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8', checker=doctest_checker,
            optionflags=optionflags)
        result = unittest.TestResult()
        suite.run(result)
        problems = result.failures + result.errors
        if problems:
            raise ScenarioFailure('\n'.join(text for _, text in problems))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, 'scenario: %s' % self.name
