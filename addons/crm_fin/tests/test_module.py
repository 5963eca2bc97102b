from trytond.tests.test_tryton import ModuleTestCase


class CrmFinTestCase(ModuleTestCase):
    "Test crm_fin module"
    module = 'crm_fin'


del ModuleTestCase
