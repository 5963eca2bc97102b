# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from .access import GroupAccessTestMixin
from .crons import CronTestMixin
from .locale import TranslationTestMixin
from .views import SaoViewTestMixin


class CrmFinTestCase(
        CronTestMixin, GroupAccessTestMixin, SaoViewTestMixin,
        TranslationTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test crm_fin module"
    module = 'crm_fin'
    extras = ['sale', 'sale_discount', 'commission', 'sale_opportunity']

    @with_transaction()
    def test_raise_alarms_idempotent(self):
        "Raising the same alarms twice creates them once"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        Notification = pool.get('res.notification')
        party, = Party.create([{'name': "Ali"}])
        admin, = User.search([('login', '=', 'admin')])
        values = [{
                'name': "Call Ali", 'origin': party, 'kind': 'other',
                'date': datetime.date(2026, 1, 1), 'user': admin.id,
                'party': party.id}]
        first = Alarm.raise_alarms([dict(v) for v in values])
        second = Alarm.raise_alarms([dict(v) for v in values])
        self.assertEqual(len(first), 1)
        self.assertEqual(second, [])
        self.assertEqual(Alarm.search_count([]), 1)
        self.assertEqual(Notification.search_count(
                [('user', '=', admin.id)]), 1)

    def test_format_date_jalali(self):
        "Dates are Jalali in Persian, ISO otherwise"
        from ..tools import amount_in_words, format_date
        date = datetime.date(2026, 11, 22)
        self.assertEqual(format_date(date, 'fa'), '1405/09/01')
        self.assertEqual(format_date(date, 'fa', persian_digits=True),
            '۱۴۰۵/۰۹/۰۱')
        self.assertEqual(format_date(date, 'en'), '2026-11-22')
        self.assertEqual(amount_in_words(1250000, 'fa'),
            'یک میلیون و دویست و پنجاه هزار')
        self.assertEqual(amount_in_words(12, 'pl'), 'dwanaście')

    @with_transaction()
    def test_edition_users(self):
        "Base 1 has two users; extra users are bought; no edition, no limit"
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        User = pool.get('res.user')
        configuration = Configuration(1)
        self.assertIsNone(configuration.users_allowed)
        configuration.edition = 'base1'
        configuration.save()
        self.assertEqual(configuration.users_allowed, 2)
        User.create([{'name': "Receptionist", 'login': 'reception'}])
        with self.assertRaisesRegex(ValidationError, "Base 1 allows 2"):
            User.create([{'name': "Accountant", 'login': 'accountant'}])
        self.assertFalse(User.search([('login', '=', 'accountant')]))
        configuration.extra_users = 1
        configuration.save()
        self.assertEqual(configuration.users_allowed, 3)
        User.create([{'name': "Accountant", 'login': 'accountant'}])
        configuration.extra_users = 0
        with self.assertRaisesRegex(ValidationError, "there would be 3"):
            configuration.save()

    @with_transaction()
    def test_edition_features(self):
        "The map from Base 4, serial numbers only in Base 5"
        pool = Pool()
        Configuration = pool.get('crm.configuration')
        Address = pool.get('party.address')
        Line = pool.get('sale.line')
        Party = pool.get('party.party')

        def hidden(Model, name):
            return ('//field[@name="%s"]' % name, 'states',
                {'invisible': True}) in Model.view_attributes()

        for edition, map_hidden, serial_hidden in [
                (None, False, False),
                ('base3', True, True),
                ('base4', False, True),
                ('base5', False, False),
                ]:
            Configuration.write([Configuration(1)], {'edition': edition})
            self.assertEqual(hidden(Address, 'map_url'), map_hidden, edition)
            self.assertEqual(
                hidden(Line, 'serial_number'), serial_hidden, edition)
        party, = Party.create([{'name': "Ali Rezaei", 'addresses': [
                        ('create', [{'street': "Valiasr St. 12",
                                    'city': "Tehran"}])]}])
        address, = party.addresses
        self.assertEqual(address.map_url,
            'https://www.google.com/maps/search/?api=1&query='
            'Valiasr+St.+12+Tehran')

    @with_transaction()
    def test_group_crm_user(self):
        "A CRM user works with alarms and reports and configures nothing"
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'crm.alarm': 'rw',
                'crm.party.rfm': 'r',
                'crm.sales.target': 'r',
                'crm.acquisition.source': 'r',
                'crm.description.snippet': 'r',
                'crm.party.profitability': '',
                'crm.product.profit': '',
                }, menus={
                'crm_fin.menu_crm': True,
                'crm_fin.menu_party_rfm': True,
                'crm_fin.menu_crm_configuration': False,
                }, exports={
                'party.party': False,
                'sale.sale': False,
                'account.invoice': False,
                })

    @with_transaction()
    def test_group_crm_manager(self):
        "A CRM manager also configures, sets targets and sees margins"
        self.assertGroupAccess('crm_fin.group_crm_manager', {
                'crm.alarm': 'rwcd',
                'crm.sales.target': 'rwcd',
                'crm.acquisition.source': 'rwcd',
                'crm.party.profitability': 'r',
                'crm.product.profit': 'r',
                }, menus={'crm_fin.menu_crm_configuration': True},
            exports={'party.party': False})

    @with_transaction()
    def test_group_export(self):
        "Only the CRM Data Export group takes the customer list away"
        self.assertGroupAccess(
            ['crm_fin.group_crm_user', 'crm_fin.group_export'], {
                'crm.alarm': 'rw',
                }, exports={
                'party.party': True,
                'sale.sale': True,
                'account.invoice': True,
                })

    @with_transaction()
    def test_group_finance(self):
        "Finance keeps the books and sees margins, not the CRM's alarms"
        self.assertGroupAccess('crm_fin.group_finance', {
                'account.invoice': 'rwcd',
                'account.move': 'rwcd',
                'crm.party.profitability': 'r',
                'crm.product.profit': 'r',
                'crm.alarm': '',
                'crm.sales.target': '',
                }, menus={'crm_fin.menu_crm': False})

    @with_transaction()
    def test_group_marketer(self):
        "A marketer is a CRM user (own documents only: see the scenario)"
        self.assertGroupAccess('crm_fin.group_marketer', {
                'crm.alarm': 'rw',
                'crm.marketer.due': 'r',
                'crm.party.profitability': '',
                }, menus={
                'crm_fin.menu_crm': True,
                'crm_fin.menu_crm_configuration': False,
                }, exports={'party.party': False, 'sale.sale': False})


del ModuleTestCase
