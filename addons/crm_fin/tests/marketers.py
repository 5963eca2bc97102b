# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Two marketers, Hamid and Nima, each with a customer who has a record in
every model of the access matrix: the data of the security scenarios.

``setup_marketers`` is a set-up function of ``activate_security_suite``
(crm_fin/tests/tools.py), so it runs once per test run and the database is
restored from DB_CACHE by every security scenario."""
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model
from proteus.config import get_config

from trytond.modules.company.tests.tools import get_company

MARKETERS = [('hamid', "Hamid Sadeghi"), ('nima', "Nima Bagheri")]
CUSTOMERS = {'hamid': "Maryam Hosseini", 'nima': "Reza Karimi"}


def setup_marketers(config=None):
    "Marketers with their customers, documents, payments and logs"
    from .tools import get_finance
    if config is None:
        config = get_config()
    fin = get_finance(config=config)
    company = get_company(config=config)
    today = datetime.date.today()
    User = Model.get('res.user', config=config)
    Group = Model.get('res.group', config=config)
    Party = Model.get('party.party', config=config)
    Agent = Model.get('commission.agent', config=config)
    Company = Model.get('company.company', config=config)

    # A commission plan of 5 % on laptops
    Template = Model.get('product.template', config=config)
    Uom = Model.get('product.uom', config=config)
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name="Commission", type='service', default_uom=unit,
        list_price=Decimal(0), account_category=fin['category'])
    template.save()
    Plan = Model.get('commission.plan', config=config)
    plan = Plan(name="Marketers 5%",
        commission_product=template.products[0])
    plan.commission_method = 'posting'
    line = plan.lines.new()
    line.product = fin['laptop']
    line.formula = 'amount * 0.05'
    plan.save()

    # Club tiers: the points of the invoice make the customer a member
    Tier = Model.get('club.tier', config=config)
    Tier(name="Member", threshold=1, discount=Decimal(0)).save()
    Bank = Model.get('bank', config=config)
    bank_party = Party(name="Bank Melli")
    bank_party.save()
    bank = Bank(party=bank_party)
    bank.save()
    relation_type = Model.get('party.relation.type', config=config)(
        name="Companion")
    relation_type.save()

    marketer_group, = Group.find([('name', '=', "Marketer")])
    for number, (login, name) in enumerate(MARKETERS, start=1):
        user = User(login=login, name=name)
        user.companies.append(Company(company.id))
        user.company = Company(company.id)
        user.groups.append(Group(marketer_group.id))
        user.save()
        agent_party = Party(name=name)
        agent_party.save()
        agent = Agent(party=agent_party, type_='agent', user=user,
            plan=plan, currency=company.currency)
        agent.save()

        # The customer and his file
        companion = Party(name="Companion of %s" % CUSTOMERS[login])
        companion.save()
        customer = Party(name=CUSTOMERS[login], marketer=agent)
        customer.relations.new(to=companion, type=relation_type)
        customer.club_card_number = '60379900000%02d' % number
        customer.contact_mechanisms.new(
            type='mobile', value='+98912000000%d' % number)
        customer.addresses[0].street = "Valiasr St. %d" % number
        customer.identifiers.new(code='00%d1234567' % number)
        position = customer.positions.new(title="Engineer")
        position.start_date = today - relativedelta(years=number)
        customer.save()

        # A quotation of his, paid by cash and two cheques, converted
        Sale = Model.get('sale.sale', config=config)
        sale = Sale(party=customer, payment_term=fin['payment_term'])
        sale.agent = agent
        sale_line = sale.lines.new()
        sale_line.product = fin['laptop']
        sale_line.quantity = 1
        sale.save()
        plan_wizard = sale.click('installment_plan')
        plan_wizard.form.cash_amount = Decimal('82500000')
        plan_wizard.form.count = 2
        plan_wizard.form.kind = 'cheque'
        plan_wizard.form.first_due_date = today + relativedelta(months=1)
        plan_wizard.execute('create_')
        sale.reload()
        sale.click('convert')
        sale.reload()
        invoice, = sale.invoices
        invoice.invoice_date = today
        invoice.click('post')

        Installment = Model.get('crm.installment', config=config)
        cash, = Installment.find([
                ('invoice', '=', invoice.id), ('kind', '=', 'cash')])
        cash.click('collect')
        first, _ = Installment.find([
                ('invoice', '=', invoice.id), ('kind', '=', 'cheque')],
            order=[('due_date', 'ASC')])
        Cheque = Model.get('crm.cheque', config=config)
        cheque = Cheque(installment=first, number='10%02d' % number,
            bank=bank, branch="Vanak", account_number='0101-%02d' % number,
            drawer=CUSTOMERS[login])
        cheque.save()
        cheque.click('receive')

        # A lead of his, a call, an SMS, a task and an alarm
        Opportunity = Model.get('sale.opportunity', config=config)
        Opportunity(party=customer, description="Printers",
            company=company).save()
        Communication = Model.get('crm.communication', config=config)
        Communication(party=customer, kind='call', direction='outgoing',
            number=customer.mobile, user=user, result='interested',
            subject="Laptop prices").save()
        SMS = Model.get('crm.sms', config=config)
        SMS(party=customer, number=customer.mobile, kind='promo',
            text="New laptops in stock", user=user).save()
        Work = Model.get('project.work', config=config)
        Work(name="Call %s back" % CUSTOMERS[login], type='task',
            company=company, assigned_user=user, task_party=customer,
            due_date=today).save()
        Alarm = Model.get('crm.alarm', config=config)
        Alarm(name="Birthday of %s" % CUSTOMERS[login], origin=customer,
            kind='other', date=today, user=user, party=customer).save()

        # A bulk letter and an SMS campaign of his (crm_campaign)
        setup_marketer_reach(config, user)


def setup_marketer_reach(config, user):
    "As the marketer: a segment, a printed letter and a prepared campaign"
    from trytond.tests.tools import set_user
    Lang = Model.get('ir.lang', config=config)
    Template = Model.get('crm.letter.template', config=config)
    templates = Template.find([('name', '=', "Greetings")])
    if templates:
        template, = templates
    else:
        template = Template(name="Greetings", body="Dear ${contact}",
            language=Lang.find([('code', '=', 'en')])[0])
        template.save()
    admin = config.user
    set_user(user, config=config)
    try:
        Segment = Model.get('crm.segment', config=config)
        segment = Segment(name="Customers of %s" % user.login)
        segment.save()
        Letter = Model.get('crm.letter', config=config)
        letter = Letter(name="Letter of %s" % user.login,
            template=Template(template.id), segment=segment)
        letter.save()
        letter.click('print_letters')
        Campaign = Model.get('crm.campaign', config=config)
        campaign = Campaign(name="Campaign of %s" % user.login,
            segment=segment, text="Hello ${name}")
        campaign.save()
        campaign.click('prepare')
    finally:
        set_user(admin, config=config)
