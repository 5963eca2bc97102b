"""Demo data of crm_installments: sales on payment plans (cash, cheques,
POS, credit, deposit slips) falling due over the coming weeks, cheques in
every state, a dunning ladder, today's alarms and the cashier."""
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model

from demo import role_user
from demo.names import name

from trytond.modules.crm_fin.tests.tools import company_today, get_finance
from trytond.modules.crm_installments.tests.tools import setup_installments


def setup(config):
    setup_installments(config=config)
    fin = get_finance(config=config)
    today = company_today()
    Party = Model.get('party.party')
    Sale = Model.get('sale.sale')
    Installment = Model.get('crm.installment')
    Cheque = Model.get('crm.cheque')
    Bank = Model.get('bank')
    Terminal = Model.get('crm.pos.terminal')
    terminal, = Terminal.find([])

    Template = Model.get('crm.installment.template')
    Template(name=name("30% cash + 3 monthly cheques"),
        cash_percent=Decimal(30), count=3, interval=1, interval_unit='month',
        kind='cheque').save()
    Template(name=name("6 monthly credit installments"),
        cash_percent=Decimal(0), count=6, interval=1, interval_unit='month',
        kind='credit').save()

    banks = []
    for bank in ["Bank Melli", "Bank Mellat", "Bank Saderat"]:
        party = Party(name=name(bank))
        party.save()
        bank = Bank(party=party)
        bank.save()
        banks.append(bank)

    User = Model.get('res.user')
    admin, = User.find([('login', '=', 'admin')])
    lawyer = Party(name=name("Dr. Sadeghi Law Office"))
    lawyer.save()
    Procedure = Model.get('account.dunning.procedure')
    procedure = Procedure(name=name("Installments"))
    for days, action in [(5, 'reminder'), (20, 'call'), (60, 'lawyer')]:
        level = procedure.levels.new(overdue=datetime.timedelta(days=days))
        level.crm_action = action
        if action != 'reminder':
            level.crm_user = admin
        if action == 'lawyer':
            level.crm_lawyer = lawyer
    procedure.save()

    customers = Party.find([('name', 'in', [name(n) for n in [
                        "Ali Rezaei", "Maryam Hosseini", "Reza Karimi"]])])
    number = 5000
    for i, customer in enumerate(customers):
        customer.dunning_procedure = procedure
        customer.save()
        sale = Sale(party=customer, payment_term=fin['payment_term'])
        line = sale.lines.new()
        line.product = fin['laptop']
        line.quantity = 1
        sale.save()
        plan = sale.click('installment_plan')
        plan.form.cash_amount = Decimal('62500000')
        plan.form.count = 3
        plan.form.kind = 'cheque' if i < 2 else 'credit'
        plan.form.first_due_date = today + relativedelta(days=3 + i)
        plan.execute('create_')
        sale.reload()
        cash = sale.crm_installments[0]
        cash.kind = 'pos'
        cash.pos_terminal = terminal
        sale.save()
        sale.click('quote')
        sale.click('confirm')
        invoice, = sale.invoices
        invoice.invoice_date = today
        invoice.click('post')
        pos, = Installment.find([
                ('invoice', '=', invoice.id), ('kind', '=', 'pos')])
        pos.click('collect')
        for j, installment in enumerate(Installment.find([
                        ('invoice', '=', invoice.id),
                        ('kind', '=', 'cheque')])):
            number += 1
            cheque = Cheque(installment=installment, number=str(number),
                bank=banks[(i + j) % 3], branch=name("Tehran"),
                account_number="01-%04d" % (100 + i),
                drawer=customer.name)
            cheque.save()
            cheque.click('receive')
            if j == 0:
                cheque.click('deposit')
                cheque.click('clear' if i != 1 else 'bounce')

    # Cheques received for the coming weeks and deposit slips: the cash-flow
    # forecast of the cashier's home
    for customer_name, kind, count, days, start in [
            ("Zahra Ahmadi", 'cheque', 6, 14, 2),
            ("Mohammad Moradi", 'deposit', 4, 21, 5),
            ]:
        customer, = Party.find([('name', '=', name(customer_name))])
        sale = Sale(party=customer, payment_term=fin['payment_term'])
        line = sale.lines.new()
        line.product = fin['laptop']
        line.quantity = 1
        sale.save()
        plan = sale.click('installment_plan')
        plan.form.cash_amount = Decimal('32500000')
        plan.form.count = count
        plan.form.kind = kind
        plan.form.first_due_date = today + relativedelta(days=start)
        plan.form.interval = days
        plan.form.interval_unit = 'day'
        plan.execute('create_')
        sale.reload()
        sale.click('quote')
        sale.click('confirm')
        invoice, = sale.invoices
        invoice.invoice_date = today
        invoice.click('post')
        for j, installment in enumerate(Installment.find([
                        ('invoice', '=', invoice.id),
                        ('kind', '=', 'cheque')])):
            number += 1
            cheque = Cheque(installment=installment, number=str(number),
                bank=banks[j % 3], branch=name("Tehran"), account_number="02-0300",
                drawer=customer.name)
            cheque.save()
            cheque.click('receive')

    Cron = Model.get('ir.cron')
    cron, = Cron.find([('method', '=', 'crm.installment|cron_due_alarms')])
    cron.click('run_once')

    role_user('cashier', name("Parisa Sandoghdar"),
        ['Cashier (Cheques and POS)'],
        'cashier-demo-2026')
