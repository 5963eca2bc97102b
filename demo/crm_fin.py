"Demo data of crm_fin: an Iranian trading company, customers, quotations"
import datetime
from decimal import Decimal

from proteus import Model

from trytond.modules.crm_fin.tests.tools import (
    create_irr_company, get_finance, setup_finance)

CUSTOMERS = [
    "Ali Rezaei", "Maryam Hosseini", "Reza Karimi", "Zahra Ahmadi",
    "Mohammad Moradi", "Fatemeh Jafari", "Hossein Rahimi",
    "Sara Mohammadi", "Pars Pakhsh Co.", "Arian Tejarat Co.",
    ]


def setup(config):
    Lang = Model.get('ir.lang')
    for code in ['fa', 'pl']:
        lang, = Lang.find([('code', '=', code)])
        lang.translatable = True
        lang.save()

    create_irr_company(config=config)
    setup_finance(config=config)
    fin = get_finance(config=config)

    Party = Model.get('party.party')
    parties = []
    for name in CUSTOMERS:
        party = Party(name=name)
        party.save()
        parties.append(party)

    Sale = Model.get('sale.sale')
    today = datetime.date.today()
    for i, party in enumerate(parties):
        sale = Sale(party=party, payment_term=fin['payment_term'])
        sale.sale_date = today - datetime.timedelta(days=7 * i)
        line = sale.lines.new()
        line.product = fin['laptop'] if i % 2 else fin['printer']
        line.quantity = 1 + i % 3
        line = sale.lines.new()
        line.product = fin['installation']
        line.quantity = 1
        sale.save()
        if i % 3 == 0:
            sale.click('quote')
        elif i % 3 == 1:
            sale.click('quote')
            sale.click('confirm')
    Invoice = Model.get('account.invoice')
    for invoice in Invoice.find([('state', '=', 'draft')]):
        invoice.invoice_date = today
        invoice.click('post')
    assert sum(i.total_amount for i in Invoice.find([])) > Decimal(0)
