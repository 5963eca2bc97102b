# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.crm_fin.tests.access_matrix import (
    ADDONS, GROUPS, MATRIX)
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.security import addon_models
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

MODES = {'r': 'read', 'w': 'write', 'c': 'create', 'd': 'delete'}


class CrmStockTestCase(
        SaoViewTestMixin, TranslationTestMixin, CompanyTestMixin,
        ModuleTestCase):
    "Test crm_stock module"
    module = 'crm_stock'

    def _stock_models(self, pool):
        "The models crm_stock defines or extends"
        return {name for name in addon_models(pool)
            if any(k.__module__.startswith('trytond.modules.crm_stock.')
                for k in pool.get(name).__mro__)}

    @with_transaction()
    def test_access_decided(self):
        "Every model of crm_stock has its decision in the access matrix"
        pool = Pool()
        self.assertIn(self.module, ADDONS)
        models = self._stock_models(pool)
        self.assertTrue(models)
        self.assertEqual(models - set(MATRIX), set())

    @with_transaction()
    def test_access_as_decided(self):
        "The groups of crm_fin have the access decided on crm_stock's models"
        pool = Pool()
        User = pool.get('res.user')
        ModelAccess = pool.get('ir.model.access')
        ModelData = pool.get('ir.model.data')
        for column, group in GROUPS.items():
            if group and not group.startswith('crm_fin.'):
                continue
            ids = [ModelData.get_id(*group.split('.'))] if group else []
            user, = User.create([{
                        'login': 'stock_%s' % column, 'name': column,
                        'groups': [('add', ids)]}])
            with Transaction().set_user(user.id), \
                    Transaction().set_context(_check_access=True):
                for name in self._stock_models(pool):
                    token = MATRIX[name].access[column]
                    for letter, mode in MODES.items():
                        self.assertEqual(
                            ModelAccess.check(
                                name, mode, raise_exception=False),
                            letter in token, (column, name, mode))

    @with_transaction()
    def test_refusal_translated(self):
        """Tryton's refusal (translated by locale/override) reads in Persian
        and Polish"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        Lang.load_translations(Lang.search([('code', 'in', ['fa', 'pl'])]))
        for code, start in [
                ('fa', "موجودی پیش‌بینی‌شده (5) برای ردیف «L»"),
                ('pl', "Prognozowana ilość (5) dla pozycji „L”")]:
            with Transaction().set_context(language=code):
                message = gettext(
                    'sale_stock_quantity.msg_sale_stock_quantity',
                    forecast_quantity='5', line='L', quantity='7')
            self.assertTrue(message.startswith(start), message)


del ModuleTestCase
