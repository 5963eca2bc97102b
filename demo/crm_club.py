"""Demo data of crm_club: silver and gold tiers, points on goods, member
cards for four customers and an invoice that makes Maryam Hosseini gold."""
from decimal import Decimal

from proteus import Model

from demo.names import name

from trytond.modules.crm_fin.tests.tools import company_today, get_finance

MEMBERS = [
    ("Ali Rezaei", '6037991000012'),
    ("Maryam Hosseini", '6037991000029'),
    ("Reza Karimi", '6037992000019'),
    ("Sara Mohammadi", '6037992000026'),
    ]


def setup(config):
    fin = get_finance(config=config)
    Party = Model.get('party.party')
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    unit, = Uom.find([('name', '=', 'Unit')])

    category = fin['category']
    category.club_points_rate = Decimal('0.0001')  # a point per 10 000 IRR
    category.save()
    template = Template(name=name("Club points"), type='service',
        default_uom=unit, list_price=Decimal(0),
        account_category=fin['category'])
    template.salable = True
    template.save()
    Configuration = Model.get('club.configuration')
    club = Configuration(1)
    club.discount_product, = template.products
    club.decay_days = 365
    club.save()
    Tier = Model.get('club.tier')
    Tier.save([
            Tier(name=name("Silver"), threshold=10000,
                discount=Decimal('0.02')),
            Tier(name=name("Gold"), threshold=40000,
                discount=Decimal('0.05')),
            ])

    members = {}
    for member, card in MEMBERS:
        party, = Party.find([('name', '=', name(member))])
        party.club_card_number = card
        party.save()
        members[member] = party
    members["Ali Rezaei"].club_referrer = members["Maryam Hosseini"]
    members["Ali Rezaei"].save()

    # Points come when an invoice is posted
    Invoice = Model.get('account.invoice')
    invoice = Invoice(type='out', party=members["Maryam Hosseini"],
        payment_term=fin['payment_term'],
        invoice_date=company_today())
    line = invoice.lines.new()
    line.product = fin['laptop']
    line.quantity = 2
    line.unit_price = fin['laptop'].template.list_price
    invoice.save()
    invoice.click('post')
