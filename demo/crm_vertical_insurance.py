"""Demo data of crm_vertical_insurance: an insurer, policy types, active
policies of the customers (one ending within its renewal period) and an
insurance agent; with invoicing, the premium of Ali's policy is invoiced
(in installments with crm_installments)."""
import datetime
from decimal import Decimal

from proteus import Model

from demo import activated, admin_joins, role_user
from demo.names import name, translate_texts

from trytond.modules.crm_fin.tests.tools import company_today


def setup(config):
    today = company_today()
    day = datetime.timedelta(days=1)
    Party = Model.get('party.party')
    admin = admin_joins("Insurance Agent")
    Configuration = Model.get('insurance.configuration')
    Configuration(1).save()
    translate_texts('insurance.configuration', {
            '%s_text' % t: 'crm_vertical_insurance.msg_default_%s_text' % t
            for t in ['thanks', 'renewal', 'birthday', 'anniversary']})

    insurer = Party(name=name("Iran Insurance"), party_type='organization')
    insurer.save()
    PolicyType = Model.get('insurance.policy.type')
    car = PolicyType(name=name("Car"), renewal_days=30)
    home = PolicyType(name=name("Home"), renewal_days=20)
    PolicyType.save([car, home])

    Policy = Model.get('insurance.policy')
    policies = []
    for i, (holder, type_, ends, premium, code) in enumerate([
                ("Ali Rezaei", car, 25, '12500000', 'CAR'),
                ("Maryam Hosseini", car, 200, '9800000', 'CAR'),
                ("Reza Karimi", home, 90, '4200000', 'HOME'),
                ("Zahra Ahmadi", home, 12, '3600000', 'HOME'),
                ]):
        party, = Party.find([('name', '=', name(holder))])
        policy = Policy(number='%s-%04d' % (code, 1001 + i),
            type=type_, insurer=insurer, holder=party, insured=party,
            agent=admin, start_date=today + (ends - 365) * day,
            end_date=today + ends * day, premium=Decimal(premium))
        policy.save()
        policy.click('activate')
        policies.append(policy)
    if activated('account_invoice'):
        invoice_premium(policies[0])
    role_user('agent', name("Kamran Bimeh"), ['Insurance Agent'],
        'agent-demo-2026')


def invoice_premium(policy):
    "The premium product, the invoice of a policy and its payment plan"
    from dateutil.relativedelta import relativedelta
    today = company_today()
    Category = Model.get('product.category')
    Uom = Model.get('product.uom')
    Template = Model.get('product.template')
    # the harness's English names: demo.names renames them last
    untaxed, = Category.find([('name', '=', "Services without tax")])
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name=name("Insurance Premium"), type='service',
        default_uom=unit, account_category=untaxed, list_price=Decimal(0))
    template.save()
    Configuration = Model.get('insurance.configuration')
    configuration = Configuration(1)
    configuration.premium_product, = template.products
    configuration.save()
    invoice, = policy.click('invoice_premium')
    Invoice = Model.get('account.invoice')
    invoice = Invoice(invoice.id)
    if activated('crm_installments'):
        plan = invoice.click('installment_plan')
        plan.form.cash_amount = invoice.total_amount / 4
        plan.form.count = 3
        plan.form.kind = 'cheque'
        plan.form.first_due_date = today + relativedelta(months=1)
        plan.execute('create_')
        invoice.reload()
    invoice.invoice_date = today
    invoice.click('post')
