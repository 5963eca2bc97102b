"""Demo data of crm_fin: an Iranian trading company, its customers with
their party data and a Persian-speaking user; where the edition has finance
(sale, account_invoice, commission), quotations (some converted to
invoices, one paid) and a marketer with a commission plan."""
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model

from demo import activated, demo_user, names, role_user
from demo import crm_stock
from demo import marketer as demo_marketer
from demo.names import name

from trytond.modules.company.tests.tools import get_company
from trytond.modules.crm_fin.tests.tools import (
    IR_CHART, company_today, create_irr_company, get_finance, setup_finance)

# the demo company's time zone: its users' today
TIMEZONE = 'Asia/Tehran'

CUSTOMERS = [
    # name, honorific, birthday (Gregorian), religion, marital status
    ("Ali Rezaei", "Eng.", (1985, 3, 21), 'islam', 'married'),
    ("Maryam Hosseini", "Dr.", (1990, 6, 2), 'islam', 'single'),
    ("Reza Karimi", None, (1978, 11, 30), 'islam', 'married'),
    ("Zahra Ahmadi", None, (1995, 1, 15), 'islam', 'single'),
    ("Mohammad Moradi", "Eng.", (1982, 8, 9), 'islam', 'married'),
    ("Fatemeh Jafari", None, (1988, 12, 1), 'islam', 'married'),
    ("Hossein Rahimi", None, (1975, 4, 18), 'islam', 'widowed'),
    ("Sara Mohammadi", "Dr.", (1992, 9, 23), 'islam', 'married'),
    ("Pars Pakhsh Co.", None, None, None, None),
    ("Arian Tejarat Co.", None, None, None, None),
    ]


def setup(config):
    Lang = Model.get('ir.lang')
    persian, = Lang.find([('code', '=', 'fa')])
    create_irr_company(config=config)
    company = get_company(config=config)
    company.party.name = name(company.party.name)
    company.party.save()
    # its "today" (due dates, alarms, the reports' periods) is Tehran's
    company.timezone = TIMEZONE
    company.save()

    # A Persian-speaking user (of sales and accounting where they exist)
    demo_user('fa', "کاربر فروش", 'fa', 'fa-demo-2026')
    # The administrator's home is the manager's dashboard
    User = Model.get('res.user')
    Group = Model.get('res.group')
    admin, = User.find([('login', '=', 'admin')])
    admin.dashboard_group, = Group.find([('name', '=', 'CRM Manager')])
    admin.save()

    Source = Model.get('crm.acquisition.source')
    sources = [Source(name=name(source), media=media)
        for source, media in [
            ("Tehran Expo", 'exhibition'), ("Instagram", 'social'),
            ("Customer referral", 'referral')]]
    Source.save(sources)
    # An Iranian company greets by religion the customers who consented to
    # it (a special category of data: not in the Latin, European demo)
    special = not names.LATIN
    if special:
        Configuration = Model.get('crm.configuration')
        configuration = Configuration(1)
        configuration.special_categories = True
        configuration.save()
    Party = Model.get('party.party')
    parties = []
    for i, (customer, honorific, birthday, religion, status) in enumerate(
            CUSTOMERS):
        party = Party(name=name(customer),
            honorific=name(honorific) if honorific else None,
            marital_status=status, acquisition_source=sources[i % 3])
        if religion and special:
            party.religion = religion
            party.special_data_consent = company_today()
        if birthday:
            party.birthday = datetime.date(*birthday)
            if not names.LATIN:
                party.lang = persian
        party.save()
        parties.append(party)

    if activated('account_invoice'):
        # an Iranian company's chart of accounts, in Persian (Tryton's
        # universal chart, in English, for the Latin-script demo)
        setup_finance(config=config,
            chart=None if names.LATIN else IR_CHART)
    if activated('sale', 'account_invoice', 'commission'):
        setup_sales(config, parties)


def setup_sales(config, parties):
    "Quotations, invoices (one paid) and a marketer with a commission plan"
    fin = get_finance(config=config)
    today = company_today()

    # Shipping, document discount and print title
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name=name("Discount"), type='service',
        default_uom=unit,
        list_price=Decimal(0), account_category=fin['category'])
    template.salable = True
    template.save()
    SaleConfig = Model.get('sale.configuration')
    sale_config = SaleConfig(1)
    sale_config.shipping_product = fin['shipping']
    sale_config.discount_product, = template.products
    sale_config.print_title = "پیش‌فاکتور"
    sale_config.save()
    Snippet = Model.get('crm.description.snippet')
    Snippet(name=name("Warranty"), text=name("18 months warranty, delivery "
            "in Tehran within 3 working days.")).save()

    # A marketer earning 5 % on laptops
    marketer = demo_marketer(name("Sara Bazaryab"), name("Commission"),
        name("Marketers 5%"), fin['laptop'], '0.05', fin['category'],
        fin['company'].currency)
    # The marketer and the sales manager log in with their own home
    marketer.user = role_user('marketer', name("Sara Bazaryab"),
        ['Marketer', 'Sales'], 'marketer-demo-2026')
    marketer.save()
    role_user('manager', name("Reza Modiri"),
        ['CRM Manager', 'Sales', 'Account'], 'manager-demo-2026')
    Target = Model.get('crm.sales.target')
    first = today.replace(day=1)
    Target(name=name("Company target"), amount=Decimal('6000000000'),
        start_date=first - relativedelta(months=5),
        end_date=first + relativedelta(months=7) - datetime.timedelta(days=1)
        ).save()
    Target(name=name("Sara Bazaryab this month"), agent=marketer,
        amount=Decimal('500000000'), start_date=first,
        end_date=first + relativedelta(months=1) - datetime.timedelta(days=1)
        ).save()

    # With crm_stock (Base 5) the goods are in stock before they are sold
    crm_stock.receive_goods(config)
    Sale = Model.get('sale.sale')
    for i, party in enumerate(parties):
        sale = Sale(party=party, payment_term=fin['payment_term'])
        sale.agent = marketer if i % 2 else None
        sale.validity_end = today + datetime.timedelta(days=7)
        line = sale.lines.new()
        line.product = fin['laptop'] if i % 2 else fin['printer']
        line.quantity = 1 + i % 3
        line.serial_number = "SN-%04d" % (i + 1)
        line = sale.lines.new()
        line.product = fin['installation']
        line.quantity = 1
        if i % 4 == 0:
            sale.shipping_cost = Decimal('2000000')
        if i % 5 == 0:
            sale.document_discount_rate = Decimal('0.05')
        sale.save()
        sale.click('quote')
        if i % 3 == 1:
            sale.click('convert')

    # The invoices of the last months (oldest first: their numbers follow
    # their dates), so the sales chart has a history and some are overdue
    Invoice = Model.get('account.invoice')
    invoices = Invoice.find([('state', '=', 'draft')], order=[('id', 'ASC')])
    skip_warning, config.skip_warning = config.skip_warning, True
    for i, invoice in enumerate(invoices):
        invoice.invoice_date = today - relativedelta(
            months=len(invoices) - 1 - i)
        invoice.click('post')  # its payment date may be past: overdue
    config.skip_warning = skip_warning

    # The first invoice is paid in cash: it is settled
    Journal = Model.get('account.journal')
    PaymentMethod = Model.get('account.invoice.payment.method')
    journal_cash, = Journal.find([('type', '=', 'cash')])
    cash = PaymentMethod(name=name("Cash"), journal=journal_cash,
        credit_account=fin['accounts']['cash'],
        debit_account=fin['accounts']['cash'])
    cash.save()
    if invoices:
        pay = invoices[0].click('pay')
        pay.form.payment_method = cash
        pay.execute('choice')
    assert sum(i.total_amount for i in Invoice.find([])) > Decimal(0)
