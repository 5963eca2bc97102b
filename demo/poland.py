"""Demo data of a Polish company (``python -m demo --country PL``).

Handel Sp. z o.o. in Warsaw, in złoty, with the suite's Polish chart of
accounts, VAT 23 / 8 / 5 / 0 % and zw, the monthly invoice series
FV/yyyy/mm/nnnn and the Polish payment kinds (bank transfer, cash, card
terminal, merchant credit; no cheques).  Customers are Polish companies
with (synthetic, valid) NIPs and addresses and two consumers; quotations
become invoices, one over 15 000 PLN with laptops (annex 15) carries the
split payment mark; a Polish-speaking user ``pl`` sees them.

The Iranian demo's add-ons (club, clinic, insurance) have no Polish data
yet: they are activated but left empty."""
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model

from demo import activated, crm_stock, demo_user, marketer

from trytond.modules.company.tests.tools import get_company
from trytond.modules.crm_fin.tests.tools import (
    company_today, create_pln_company, get_finance_pl, setup_finance_pl)

# the demo company's time zone: its users' today
TIMEZONE = 'Europe/Warsaw'

CUSTOMERS = [
    # name, NIP, street, postal code, city, person
    ("Kowalski i Wspólnicy sp.j.", '6761002205', "ul. Długa 5", "31-147",
        "Kraków", False),
    ("Bałtyk Logistyka sp. z o.o.", '5831002205', "ul. Grunwaldzka 212",
        "80-266", "Gdańsk", False),
    ("Wielkopolskie Hurtownie S.A.", '7781203309', "ul. Głogowska 31",
        "60-702", "Poznań", False),
    ("Odra Serwis sp. z o.o.", '8971504405', "ul. Legnicka 57", "54-203",
        "Wrocław", False),
    ("Anna Nowak", None, "ul. Piotrkowska 120 m. 4", "90-006", "Łódź",
        True),
    ("Piotr Wiśniewski", None, "ul. Mariacka 9", "80-833", "Gdańsk",
        True),
    ]
# The mobiles of the customers (crm_telephony), in the Polish plan
MOBILES = ['+48 601 234 567', '+48 502 345 678', '+48 693 456 789']


def setup(config, wanted):
    "Fill the activated addons of wanted with the Polish demo"
    Lang = Model.get('ir.lang')
    polish, = Lang.find([('code', '=', 'pl')])
    create_pln_company(config=config)
    company = get_company(config=config)
    company.timezone = TIMEZONE
    company.save()
    demo_user('pl', "Handlowiec", 'pl', 'pl-demo-2026')

    Party = Model.get('party.party')
    Country = Model.get('country.country')
    poland, = Country.find([('code', '=', 'PL')])
    parties = []
    for name, nip, street, postal_code, city, person in CUSTOMERS:
        party = Party(name=name, lang=polish)
        address, = party.addresses
        address.street = street
        address.postal_code = postal_code
        address.city = city
        address.country = poland
        if nip:
            party.identifiers.new(type='pl_vat', code=nip)
        party.save()
        parties.append(party)

    finance = activated('sale', 'account_invoice', 'commission')
    if activated('account_invoice'):
        setup_finance_pl(config=config, years=2)
    if 'crm_installments' in wanted and activated('crm_installments'):
        from trytond.modules.crm_installments.tests.tools import (
            setup_installments_pl)
        setup_installments_pl(config=config)
    if finance:
        _sales(config, parties, 'crm_installments' in wanted)
    if 'crm_telephony' in wanted and activated('crm_telephony'):
        _telephony(config, parties)


def _sales(config, parties, installments):
    "Quotations, invoices in the FV series (one paid), a plan by transfer"
    fin = get_finance_pl(config=config)
    products = fin['products']
    today = company_today()
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    unit, = Uom.find([('name', '=', 'Unit')])
    discount = Template(name="Rabat", type='service', default_uom=unit,
        list_price=Decimal(0),
        account_category=products['NB-14'].template.account_category)
    discount.salable = True
    discount.save()
    SaleConfig = Model.get('sale.configuration')
    sale_config = SaleConfig(1)
    sale_config.shipping_product = products['KUR-01']
    sale_config.discount_product, = discount.products
    sale_config.print_title = "Oferta"
    sale_config.save()

    # A salesman earning 3 % on laptops
    agent = marketer("Marek Zieliński", "Prowizja", "Handlowcy 3%",
        products['NB-14'], '0.03',
        products['NB-14'].template.account_category,
        fin['company'].currency)

    Sale = Model.get('sale.sale')
    orders = [
        # lines (product code, quantity), shipping, convert
        ([('NB-14', 4), ('CAT-SZ', 12)], None, True),
        ([('DR-LJ', 2), ('PODR-B2B', 10)], Decimal('25.00'), True),
        ([('SZK-ZAW', 16), ('PODR-B2B', 8)], None, True),
        ([('NB-14', 1), ('DR-LJ', 1)], Decimal('25.00'), False),
        ([('PODR-B2B', 2)], Decimal('15.00'), True),
        ([('NB-14', 1)], None, False),
        ]
    crm_stock.polish_series(config)  # with crm_stock (Base 5)
    crm_stock.receive_goods(config, "Hurtownia Komputerowa Sp. z o.o.")
    for i, (party, (lines, shipping, convert)) in enumerate(
            zip(parties, orders)):
        sale = Sale(party=party, payment_term=fin['payment_term'])
        sale.agent = agent if i % 2 == 0 else None
        sale.validity_end = today + datetime.timedelta(days=14)
        for code, quantity in lines:
            line = sale.lines.new()
            line.product = products[code]
            line.quantity = quantity
        if shipping:
            sale.shipping_cost = shipping
        sale.save()
        sale.click('quote')
        if installments and i == 1:
            # the plan of the quoted total (shipping included)
            plan = sale.click('installment_plan')
            plan.form.count = 3
            plan.form.kind = 'transfer'
            plan.form.first_due_date = today + relativedelta(days=14)
            plan.execute('create_')
        if convert:
            sale.click('convert')

    Invoice = Model.get('account.invoice')
    invoices = Invoice.find([('state', '=', 'draft')], order=[('id', 'ASC')])
    for invoice in invoices:
        invoice.invoice_date = today
        invoice.click('post')

    # The consumer's small invoice is paid in cash
    Method = Model.get('account.invoice.payment.method')
    Journal = Model.get('account.journal')
    cash = Method.find([('name', '=', "Gotówka")])
    if not cash:
        journal, = Journal.find([('type', '=', 'cash')], limit=1)
        cash = [Method(name="Gotówka", journal=journal,
                credit_account=fin['accounts']['100'],
                debit_account=fin['accounts']['100'])]
        cash[0].save()
    paid = [i for i in invoices if i.party == parties[4]]
    if paid:
        pay = paid[0].click('pay')
        pay.form.payment_method = cash[0]
        pay.execute('choice')


def _telephony(config, parties):
    "SMS templates (Polish for Polish customers), mobiles, calls in the log"
    from demo.crm_telephony import configure
    today = company_today()
    admin = configure(config)
    Communication = Model.get('crm.communication')
    for i, (party, mobile) in enumerate(zip(parties[-3:], MOBILES)):
        party.contact_mechanisms.new(type='mobile', value=mobile)
        party.save()
        Communication(party=party, kind='call', direction='incoming',
            number=party.mobile, user=admin,
            subject="Cena laptopów biznesowych",
            date=today - datetime.timedelta(days=i * 7)).save()
    for party in parties[:4]:
        party.party_type = 'organization'
        party.save()
