# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The scenarios of the module for ``python -m unittest`` (Tryton's
load_doc_tests).  pytest ignores load_tests: it collects the scenario_*.rst
files itself (conftest.py), so each scenario runs once either way."""
from trytond.tests.test_tryton import load_doc_tests


def load_tests(*args, **kwargs):
    return load_doc_tests(__name__, __file__, *args, **kwargs)
