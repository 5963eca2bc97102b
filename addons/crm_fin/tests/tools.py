# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Shared proteus test harness of the suite.

Every addon's scenario starts with::

    >>> from trytond.tests.tools import activate_modules
    >>> from trytond.modules.crm_fin.tests.tools import (
    ...     create_irr_company, setup_finance, get_finance)
    >>> config = activate_modules(
    ...     ['crm_fin', 'sale'], create_irr_company, setup_finance)
    >>> fin = get_finance()

The set-up functions run once and are part of the DB_CACHE key, so with
DB_CACHE set the activated and configured database is restored in a second.

The security scenarios (tests/scenario_security_*.rst) share
``activate_security_suite()``: every addon, and two marketers with their
customers in every model (``marketers.py``).

The finance scenarios of crm_fin, crm_installments and crm_club all start
from one database, ``activate_finance_suite()``: activating and configuring
it is the slow part of a scenario (minutes on PostgreSQL), so it is done
once per test run instead of once per module set.  The scenarios of
crm_telephony and of the vertical editions share ``activate_vertical_suite()``
the same way.

``setup_finance`` needs the ``account_invoice`` module (``sale`` brings it);
it creates the chart of accounts, a fiscal year around today with its
periods, the taxes (VAT 10 % and the municipal levy 3 %, two separate taxes as
on an Iranian invoice), a payment term, an accounting product category with
both taxes, a product, a service and the shipping service.
"""
import datetime
from decimal import Decimal

from proteus import Model
from proteus.config import get_config
from trytond.modules.company.tests.tools import create_company, get_company

__all__ = [
    'FIN_MODULES', 'FINANCE_SUITE', 'activate_finance_suite', 'setup_addons',
    'SECURITY_SUITE', 'activate_security_suite',
    'VERTICAL_SUITE', 'activate_vertical_suite',
    'create_irr_company', 'create_pln_company', 'get_irr', 'setup_finance',
    'get_finance', 'VAT_RATE', 'LEVY_RATE']

# The finance module set of crm_fin's scenarios: other addons that need
# sales reuse it so the activated database is shared through DB_CACHE.
FIN_MODULES = [
    'crm_fin', 'sale', 'sale_discount', 'sale_price_list', 'commission',
    'sale_opportunity']

VAT_RATE = Decimal('0.10')
LEVY_RATE = Decimal('0.03')
VAT_NAME = "VAT 10%"
LEVY_NAME = "Municipal levy 3%"

# crm_fin with the finance addons: the database of the finance scenarios
FINANCE_SUITE = FIN_MODULES + [
    'crm_installments', 'crm_club', 'crm_vertical_insurance']


def setup_addons(config=None):
    """Run the set-up of every activated addon of the suite that has one:
    the function ``setup_<addon>`` of its ``tests/tools.py`` (for example
    crm_installments' ledger accounts and payment methods).  crm_fin knows
    none of them by name."""
    import importlib
    if config is None:
        config = get_config()
    Module = Model.get('ir.module', config=config)
    for module in Module.find([
                ('state', '=', 'activated'),
                ('name', 'like', 'crm_%'),
                ('name', '!=', 'crm_fin'),
                ], order=[('name', 'ASC')]):
        try:
            tools = importlib.import_module(
                'trytond.modules.%s.tests.tools' % module.name)
        except ImportError:
            continue
        setup = getattr(tools, 'setup_%s' % module.name, None)
        if setup:
            setup(config=config)


def activate_finance_suite():
    "The activated and configured database of the finance scenarios"
    from trytond.tests.tools import activate_modules
    return activate_modules(FINANCE_SUITE, create_irr_company, setup_finance,
        setup_addons)

# every addon with two marketers and their customers: the database of the
# security scenarios (the access matrix, attacks on money and portals)
SECURITY_SUITE = FINANCE_SUITE + [
    'crm_telephony', 'project', 'crm_vertical_medical']


def activate_security_suite():
    "The activated database of the security scenarios"
    from trytond.tests.tools import activate_modules

    from .marketers import setup_marketers
    return activate_modules(SECURITY_SUITE, create_irr_company,
        setup_finance, setup_addons, setup_marketers)

# telephony and the vertical editions: the database of their scenarios
VERTICAL_SUITE = [
    'crm_telephony', 'sale', 'sale_opportunity', 'project', 'crm_club',
    'crm_vertical_medical', 'crm_vertical_insurance']


def activate_vertical_suite():
    "The activated database (with a company) of the vertical scenarios"
    from trytond.tests.tools import activate_modules
    return activate_modules(VERTICAL_SUITE, create_company)


def get_irr(config=None):
    "Return the Iranian Rial (no decimals), creating it if needed"
    Currency = Model.get('currency.currency', config=config)
    currencies = Currency.find([('code', '=', 'IRR')])
    if currencies:
        return currencies[0]
    currency = Currency(
        name="Iranian Rial", code='IRR', symbol='﷼',
        rounding=Decimal('1'), digits=0)
    currency.save()
    return currency


def create_irr_company(config=None):
    "Create the demo company, in Iranian Rial"
    Party = Model.get('party.party', config=config)
    party = Party(name="Tolou Trading Co.")
    party.save()
    return create_company(party=party, currency=get_irr(config=config),
        config=config)


def create_pln_company(config=None):
    "Create a Polish company, in złoty"
    Party = Model.get('party.party', config=config)
    Currency = Model.get('currency.currency', config=config)
    party = Party(name="Handel Sp. z o.o.")
    party.save()
    currencies = Currency.find([('code', '=', 'PLN')])
    if currencies:
        currency, = currencies
    else:
        currency = Currency(
            name="Polish Złoty", code='PLN', symbol='zł',
            rounding=Decimal('0.01'), digits=2)
        currency.save()
    return create_company(party=party, currency=currency, config=config)


def setup_finance(config=None):
    "Chart, fiscal year, VAT + levy taxes, payment term and products"
    from trytond.modules.account.tests.tools import (
        create_chart, create_fiscalyear, create_tax, get_accounts)
    from trytond.modules.account_invoice.tests.tools import (
        create_payment_term, set_fiscalyear_invoice_sequences)
    if config is None:
        config = get_config()
    company = get_company(config=config)
    create_chart(company, config=config)
    fiscalyear = set_fiscalyear_invoice_sequences(
        create_fiscalyear(company, today=(
                datetime.date.today() - datetime.timedelta(days=400),
                datetime.date.today() + datetime.timedelta(days=400)),
            config=config),
        config=config)
    fiscalyear.click('create_period')
    accounts = get_accounts(company, config=config)

    vat = create_tax(VAT_RATE, company=company, config=config)
    vat.name = vat.description = VAT_NAME
    vat.save()
    levy = create_tax(LEVY_RATE, company=company, config=config)
    levy.name = levy.description = LEVY_NAME
    levy.save()

    payment_term = create_payment_term(config=config)
    payment_term.save()

    Category = Model.get('product.category', config=config)
    category = Category(name="Goods")
    category.accounting = True
    category.account_revenue = accounts['revenue']
    category.account_expense = accounts['expense']
    category.customer_taxes.append(vat)
    category.customer_taxes.append(Model.get(
            'account.tax', config=config)(levy.id))
    category.save()
    untaxed = Category(name="Services without tax")
    untaxed.accounting = True
    untaxed.account_revenue = accounts['revenue']
    untaxed.account_expense = accounts['expense']
    untaxed.save()

    Uom = Model.get('product.uom', config=config)
    unit, = Uom.find([('name', '=', 'Unit')])
    Template = Model.get('product.template', config=config)
    for name, type_, price, cost, categ, code in [
            ("Laptop", 'goods', '250000000', '180000000', category, 'LAP'),
            ("Printer", 'goods', '40000000', '25000000', category, 'PRN'),
            ("Installation", 'service', '5000000', '0', category, 'INS'),
            ("Shipping", 'service', '0', '0', untaxed, 'SHIP'),
            ]:
        template = Template(name=name, type=type_, default_uom=unit)
        template.salable = True
        template.list_price = Decimal(price)
        template.account_category = categ
        template.code = code
        template.save()
        product, = template.products
        product.cost_price = Decimal(cost)
        product.save()


def get_finance(config=None):
    "Return the records made by setup_finance, by name"
    from trytond.modules.account.tests.tools import get_accounts
    Tax = Model.get('account.tax', config=config)
    Product = Model.get('product.product', config=config)
    PaymentTerm = Model.get('account.invoice.payment_term', config=config)
    Category = Model.get('product.category', config=config)
    FiscalYear = Model.get('account.fiscalyear', config=config)
    result = {
        'company': get_company(config=config),
        'accounts': get_accounts(config=config),
        'vat': Tax.find([('name', '=', VAT_NAME)])[0],
        'levy': Tax.find([('name', '=', LEVY_NAME)])[0],
        'payment_term': PaymentTerm.find([])[0],
        'category': Category.find([('name', '=', "Goods")])[0],
        'fiscalyear': FiscalYear.find([])[0],
        }
    for product in Product.find([]):
        result[product.template.name.lower()] = product
    return result
