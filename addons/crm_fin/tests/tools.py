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
import contextlib
import datetime
from decimal import Decimal
from unittest.mock import patch

from proteus import Model
from proteus.config import get_config
from trytond.modules.company.tests.tools import create_company, get_company

__all__ = [
    'FIN_MODULES', 'FINANCE_SUITE', 'activate_finance_suite', 'setup_addons',
    'SECURITY_SUITE', 'activate_security_suite',
    'VERTICAL_SUITE', 'activate_vertical_suite',
    'create_irr_company', 'create_pln_company', 'get_irr', 'get_pln',
    'setup_accounting', 'setup_finance', 'get_finance', 'get_accounts',
    'IR_CHART', 'setup_accounting_pl', 'setup_finance_pl', 'get_finance_pl',
    'company_today', 'VAT_RATE', 'LEVY_RATE', 'refuse_nul']

# The finance module set of crm_fin's scenarios: other addons that need
# sales reuse it so the activated database is shared through DB_CACHE.
FIN_MODULES = [
    'crm_fin', 'sale', 'sale_discount', 'sale_price_list', 'commission',
    'sale_opportunity']


@contextlib.contextmanager
def refuse_nul():
    """In the block, SQLite refuses a string parameter with the NUL
    character like PostgreSQL (psycopg2's ValueError): the tests of the HTTP
    routes on SQLite see the error 500 that a NUL gave on PostgreSQL"""
    from trytond import backend
    if backend.name != 'sqlite':
        yield
        return
    from trytond.backend.sqlite.database import SQLiteCursor

    from ..web import has_nul
    execute = SQLiteCursor.execute

    def refusing(self, sql, parameters=()):
        if has_nul(*parameters):
            raise ValueError(
                "A string literal cannot contain NUL (0x00) characters.")
        return execute(self, sql, parameters)
    with patch.object(SQLiteCursor, 'execute', refusing):
        yield


VAT_RATE = Decimal('0.10')
LEVY_RATE = Decimal('0.03')
VAT_NAME = "VAT 10%"
LEVY_NAME = "Municipal levy 3%"

# crm_fin with the finance addons: the database of the finance scenarios
FINANCE_SUITE = FIN_MODULES + [
    'crm_installments', 'crm_club', 'crm_vertical_insurance']


def setup_addons(config=None):
    """Run the set-up of every activated addon of the suite that has one:
    the function ``setup_<addon>`` of its ``tests/tools.py``, the addon
    named without its ``crm_`` prefix (for example crm_installments'
    ``setup_installments``: ledger accounts and payment methods).  crm_fin
    knows none of them by name."""
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
        setup = getattr(tools, 'setup_%s' % module.name[len('crm_'):], None)
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
    'crm_telephony', 'project', 'crm_vertical_medical', 'crm_campaign',
    'account_dunning_letter']


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


# the currencies' names in the suite's languages (the name is translated)
_CURRENCY_NAMES = {
    'IRR': {'fa': "ریال ایران", 'pl': "rial irański"},
    'PLN': {'fa': "زلوتی لهستان", 'pl': "złoty polski"},
    }


def _get_currency(code, name, symbol, digits, config=None):
    "Return the currency of code, creating it if needed"
    config = config or get_config()
    Currency = Model.get('currency.currency', config=config)
    currencies = Currency.find([('code', '=', code)])
    if currencies:
        return currencies[0]
    currency = Currency(name=name, code=code, symbol=symbol,
        rounding=Decimal(1).scaleb(-digits), digits=digits)
    currency.save()
    # Tryton's reports (sales, margins) convert amounts through the rates:
    # without one a company's sales reports are empty.  The first currency
    # is the base (1); another gets its rate from the user.
    Rate = Model.get('currency.currency.rate', config=config)
    if not Rate.find([], limit=1):
        Rate(currency=currency, date=datetime.date.min, rate=Decimal(1)).save()
    _translate_name(currency, _CURRENCY_NAMES.get(code, {}), config)
    return currency


def _translate_name(record, names, config):
    "Give record its name in each language of names {language: name}"
    for language, name in names.items():
        with config.set_context(language=language):
            translated = record.__class__(record.id)
            translated.name = name
            translated.save()


def get_irr(config=None):
    "Return the Iranian Rial (no decimals), creating it if needed"
    return _get_currency('IRR', "Iranian Rial", '﷼', 0, config=config)


def create_irr_company(config=None):
    "Create the demo company, in Iranian Rial"
    Party = Model.get('party.party', config=config)
    party = Party(name="Tolou Trading Co.")
    party.save()
    return create_company(party=party, currency=get_irr(config=config),
        config=config)


# The Polish set-up: the seller of the demo (synthetic NIP, valid checksum)
PL_COMPANY = {
    'name': "Handel Sp. z o.o.",
    'nip': '5250001115',
    'street': "ul. Marszałkowska 84/92 lok. 12",
    'postal_code': "00-514",
    'city': "Warszawa",
    'phone': '+48 22 628 14 50',
    }
# Polish VAT taxes of the suite's chart, by their printed rate
PL_TAXES = {
    '23': "VAT 23%", '8': "VAT 8%", '5': "VAT 5%", '0': "VAT 0%",
    'zw': "VAT zw"}
PL_CHART = 'crm_fin.account_template_root_pl'
# name, code, VAT rate, list price, split payment (annex 15), type
PL_PRODUCTS = [
    ("Laptop biznesowy 14\"", 'NB-14', '23', '4899.00', True, 'goods'),
    ("Drukarka laserowa", 'DR-LJ', '23', '1299.00', False, 'goods'),
    ("Usługa cateringowa (szkolenie)", 'CAT-SZ', '8', '85.00', False,
        'service'),
    ("Podręcznik „Sprzedaż B2B”", 'PODR-B2B', '5', '79.90', False, 'goods'),
    ("Szkolenie zawodowe", 'SZK-ZAW', 'zw', '1500.00', False, 'service'),
    ("Wysyłka kurierska", 'KUR-01', '23', '0', False, 'service'),
    ]


# the countries' names in the suite's languages (as trytond_import_countries
# would translate them; Iran comes with crm_fin's provinces, region.xml)
_COUNTRY_NAMES = {
    'PL': {'fa': "لهستان", 'pl': "Polska"},
    }


def _country(code, name, config=None):
    config = config or get_config()
    Country = Model.get('country.country', config=config)
    countries = Country.find([('code', '=', code)])
    if countries:
        return countries[0]
    country = Country(name=name, code=code)
    country.save()
    _translate_name(country, _COUNTRY_NAMES.get(code, {}), config)
    return country


def get_pln(config=None):
    "Return the Polish złoty, creating it if needed"
    return _get_currency('PLN', "Polish Złoty", 'zł', 2, config=config)


def create_pln_company(config=None):
    """Create the Polish company (Warsaw address, NIP, Polish language, in
    złoty) and make it the user's current company"""
    if config is None:
        config = get_config()
    Party = Model.get('party.party', config=config)
    Lang = Model.get('ir.lang', config=config)
    User = Model.get('res.user', config=config)
    Company = Model.get('company.company', config=config)
    polish, = Lang.find([('code', '=', 'pl')])
    party = Party(name=PL_COMPANY['name'], lang=polish)
    address, = party.addresses
    address.street = PL_COMPANY['street']
    address.postal_code = PL_COMPANY['postal_code']
    address.city = PL_COMPANY['city']
    address.country = _country('PL', "Poland", config=config)
    party.identifiers.new(type='pl_vat', code=PL_COMPANY['nip'])
    party.contact_mechanisms.new(type='phone', value=PL_COMPANY['phone'])
    party.save()
    wizard = create_company(party=party, currency=get_pln(config=config),
        config=config)
    company, = Company.find([('party', '=', party.id)])
    user = User(config.user)
    if company not in user.companies:
        # a second company: the set-up wizard only fills users without one
        user.companies.append(Company(company.id))
    user.company = company
    user.save()
    config._context = User.get_preferences(True, {})
    return wizard


def company_today(company=None, config=None):
    """Today where the company is (its time zone), the date the server's
    ``ir.date.today`` gives its users: the demo's and the tests' dates"""
    import zoneinfo
    if company is None:
        company = get_company(config=config)
    zone = (zoneinfo.ZoneInfo(company.timezone) if company.timezone
        else datetime.timezone.utc)
    return datetime.datetime.now(zone).date()


def _current_company(config):
    Company = Model.get('company.company', config=config)
    return Company(config.context['company'])


def setup_accounting_pl(config=None, years=1):
    """The Polish accounting of the current company: the suite's chart
    (Plan kont (PL)) with VAT 23 / 8 / 5 / 0 % and zw, calendar fiscal
    years (this one and the next years - 1) with one invoice series per month
    (FV/2026/12/0001, corrections KOR/2026/12/0001), a payment term of
    14 days"""
    from trytond.modules.account.tests.tools import create_chart
    if config is None:
        config = get_config()
    company = _current_company(config)
    create_chart(company, chart=PL_CHART, config=config)
    FiscalYear = Model.get('account.fiscalyear', config=config)
    SequenceStrict = Model.get('ir.sequence.strict', config=config)
    SequenceType = Model.get('ir.sequence.type', config=config)
    InvoiceSequence = Model.get(
        'account.fiscalyear.invoice_sequence', config=config)
    move_type, = SequenceType.find([('name', '=', "Account Move")], limit=1)
    invoice_type, = SequenceType.find([('name', '=', "Invoice")], limit=1)
    this_year = company_today(company).year
    for year in range(this_year, this_year + years):
        fiscalyear = FiscalYear(name=str(year), company=company,
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 12, 31))
        move_sequence = SequenceStrict(name="PK %s" % year,
            sequence_type=move_type, company=company, prefix='PK/%s/' % year)
        move_sequence.save()
        fiscalyear.move_sequence = move_sequence
        while fiscalyear.invoice_sequences:
            fiscalyear.invoice_sequences.pop()
        fiscalyear.save()
        fiscalyear.click('create_period')

        def series(prefix, period):
            sequence = SequenceStrict(name=prefix + period.name,
                sequence_type=invoice_type, company=company,
                prefix=prefix + '/${year}/${month}/', padding=4)
            sequence.save()
            return sequence
        for period in fiscalyear.periods:
            InvoiceSequence(company=company, fiscalyear=fiscalyear,
                period=period,
                out_invoice_sequence=series('FV', period),
                out_credit_note_sequence=series('KOR', period),
                in_invoice_sequence=series('FZ', period),
                in_credit_note_sequence=series('KORZ', period)).save()
    PaymentTerm = Model.get('account.invoice.payment_term', config=config)
    term = PaymentTerm(name="Przelew 14 dni")
    line = term.lines.new(type='remainder')
    line.relativedeltas.new(days=14)
    term.save()


def setup_finance_pl(config=None, years=1):
    """The Polish company's accounting, a product category per VAT rate and
    the products of PL_PRODUCTS (PLN prices, the laptop in annex 15)"""
    if config is None:
        config = get_config()
    setup_accounting_pl(config=config, years=years)
    fin = get_finance_pl(config=config)
    Category = Model.get('product.category', config=config)
    Template = Model.get('product.template', config=config)
    Uom = Model.get('product.uom', config=config)
    unit, = Uom.find([('name', '=', 'Unit')])
    hour, = Uom.find([('name', '=', 'Hour')])
    categories = {}
    for rate, tax in fin['taxes'].items():
        category = Category(name="Sprzedaż VAT %s" % rate)
        category.accounting = True
        category.account_revenue = fin['accounts']['730']
        category.account_expense = fin['accounts']['731']
        category.customer_taxes.append(Model.get(
                'account.tax', config=config)(tax.id))
        category.save()
        categories[rate] = category
    for name, code, rate, price, split, type_ in PL_PRODUCTS:
        template = Template(name=name, type=type_, code=code,
            default_uom=unit if code != 'SZK-ZAW' else hour)
        template.salable = True
        template.list_price = Decimal(price)
        template.account_category = categories[rate]
        template.split_payment = split
        template.save()


def get_finance_pl(config=None):
    """The Polish company's records: company, accounts by code, taxes by
    rate ('23', '8', '5', '0', 'zw'), payment term, products by code"""
    if config is None:
        config = get_config()
    company = _current_company(config)
    Account = Model.get('account.account', config=config)
    Tax = Model.get('account.tax', config=config)
    PaymentTerm = Model.get('account.invoice.payment_term', config=config)
    Product = Model.get('product.product', config=config)
    result = {
        'company': company,
        'accounts': {a.code: a for a in Account.find([
                    ('company', '=', company.id), ('code', '!=', None)])},
        'taxes': {},
        'products': {},
        }
    for rate, name in PL_TAXES.items():
        result['taxes'][rate], = Tax.find([
                ('company', '=', company.id), ('name', '=', name)])
    terms = PaymentTerm.find([('name', '=', "Przelew 14 dni")])
    result['payment_term'] = terms[0] if terms else None
    codes = [p[1] for p in PL_PRODUCTS]
    for product in Product.find([('code', 'in', codes)]):
        result['products'][product.code] = product
    return result


# The suite's Iranian chart (account_chart_ir.xml) and the codes of its
# accounts that the harness uses where Tryton's get_accounts finds those of
# the universal chart by code
IR_CHART = 'crm_fin.account_template_root_ir'
IR_ACCOUNTS = {
    'cash': '1101', 'bank': '1102', 'cheques': '1103', 'pos': '1104',
    'tax': '2102', 'levy': '2103', 'services': '4102',
    }
# the Iranian chart's company names its payment term in its language
IR_PAYMENT_TERM = "نقدی"


def get_accounts(company=None, config=None):
    """The accounts per kind of Tryton's get_accounts, in the suite's
    Iranian chart too (with its bank, cheque, POS and levy accounts)"""
    from trytond.modules.account.tests import tools
    if config is None:
        config = get_config()
    if company is None:
        company = get_company(config=config)
    accounts = tools.get_accounts(company, config=config)
    Account = Model.get('account.account', config=config)
    ModelData = Model.get('ir.model.data', config=config)
    kinds = {
        ModelData.get_id('crm_fin.account_template_ir_' + code,
            config.context): kind
        for kind, code in IR_ACCOUNTS.items()}
    for account in Account.find([
                ('company', '=', company.id),
                ('template', 'in', list(kinds)),
                ]):
        accounts[kinds[account.template.id]] = account
    return accounts


def _jalali_fiscalyears(company, config):
    """The Iranian company's fiscal years: the Jalali years (1 Farvardin to
    the end of Esfand) from 400 days ago to 400 days ahead, each with its
    moves' and invoices' series (1405/0001) and its Jalali months as
    periods (crm_fin/fiscalyear.py)"""
    from trytond.modules.crm_fin.tools import from_jalali, to_jalali
    FiscalYear = Model.get('account.fiscalyear', config=config)
    SequenceStrict = Model.get('ir.sequence.strict', config=config)
    SequenceType = Model.get('ir.sequence.type', config=config)
    move_type, = SequenceType.find([('name', '=', "Account Move")], limit=1)
    invoice_type, = SequenceType.find([('name', '=', "Invoice")], limit=1)
    today = company_today(company)
    days = datetime.timedelta(days=400)
    for year in range(
            to_jalali(today - days).year, to_jalali(today + days).year + 1):
        fiscalyear = FiscalYear(name=str(year), company=company,
            start_date=from_jalali(year, 1, 1),
            end_date=from_jalali(year + 1, 1, 1) - datetime.timedelta(1))
        moves = SequenceStrict(name=str(year), sequence_type=move_type,
            company=company, prefix='%s/' % year, padding=4)
        moves.save()
        fiscalyear.move_sequence = moves
        invoices = SequenceStrict(name=str(year), sequence_type=invoice_type,
            company=company, prefix='%s/' % year, padding=4)
        invoices.save()
        series, = fiscalyear.invoice_sequences
        series.out_invoice_sequence = series.in_invoice_sequence = invoices
        series.out_credit_note_sequence = invoices
        series.in_credit_note_sequence = invoices
        fiscalyear.save()
        fiscalyear.click('create_period')


def setup_accounting(config=None, chart=None):
    """The accounting of the current company: Tryton's universal chart and
    the taxes VAT_NAME and LEVY_NAME (the test harness), or the suite's
    Iranian chart (chart=IR_CHART) with its Persian taxes and Jalali fiscal
    years; a fiscal year from 400 days ago to 400 days ahead otherwise; a
    direct payment term.  Return
    the accounts per kind, the VAT and the levy"""
    from trytond.modules.account.tests.tools import (
        create_chart, create_fiscalyear, create_tax)
    from trytond.modules.account_invoice.tests.tools import (
        create_payment_term, set_fiscalyear_invoice_sequences)
    if config is None:
        config = get_config()
    company = _current_company(config)
    if chart:
        create_chart(company, chart=chart, config=config)
    else:
        create_chart(company, config=config)
    if chart == IR_CHART:
        _jalali_fiscalyears(company, config)
    else:
        fiscalyear = set_fiscalyear_invoice_sequences(
            create_fiscalyear(company, today=(
                    datetime.date.today() - datetime.timedelta(days=400),
                    datetime.date.today() + datetime.timedelta(days=400)),
                config=config),
            config=config)
        fiscalyear.click('create_period')
    accounts = get_accounts(company, config=config)

    payment_term = create_payment_term(config=config)
    Tax = Model.get('account.tax', config=config)
    if chart == IR_CHART:
        vat, = Tax.find([('company', '=', company.id),
                ('type', '=', 'percentage'), ('rate', '=', VAT_RATE)])
        levy, = Tax.find([('company', '=', company.id),
                ('type', '=', 'percentage'), ('rate', '=', LEVY_RATE)])
        payment_term.name = IR_PAYMENT_TERM
    else:
        vat = create_tax(VAT_RATE, company=company, config=config)
        vat.name = vat.description = VAT_NAME
        vat.save()
        levy = create_tax(LEVY_RATE, company=company, config=config)
        levy.name = levy.description = LEVY_NAME
        levy.save()
    payment_term.save()
    return accounts, vat, levy


def setup_finance(config=None, chart=None):
    """setup_accounting (Tryton's universal chart, or chart) with a
    category of goods under VAT and levy, one of untaxed services and four
    products"""
    if config is None:
        config = get_config()
    accounts, vat, levy = setup_accounting(config=config, chart=chart)

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
    untaxed.account_revenue = accounts.get('services', accounts['revenue'])
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
    """Return the records made by setup_finance, by name (the taxes by
    rate: the Iranian chart's are named in Persian)"""
    Tax = Model.get('account.tax', config=config)
    Product = Model.get('product.product', config=config)
    PaymentTerm = Model.get('account.invoice.payment_term', config=config)
    Category = Model.get('product.category', config=config)
    FiscalYear = Model.get('account.fiscalyear', config=config)
    result = {
        'company': get_company(config=config),
        'accounts': get_accounts(config=config),
        'vat': Tax.find([('type', '=', 'percentage'),
                ('rate', '=', VAT_RATE)])[0],
        'levy': Tax.find([('type', '=', 'percentage'),
                ('rate', '=', LEVY_RATE)])[0],
        'payment_term': PaymentTerm.find([])[0],
        'category': Category.find([('name', '=', "Goods")])[0],
        'fiscalyear': FiscalYear.find([])[0],
        }
    for product in Product.find([]):
        result[product.template.name.lower()] = product
    return result
