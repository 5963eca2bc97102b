# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class CrmTelephonyTestCase(
        TranslationTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test crm_telephony module"
    module = 'crm_telephony'
    extras = ['sale', 'sale_opportunity', 'project']


del ModuleTestCase
