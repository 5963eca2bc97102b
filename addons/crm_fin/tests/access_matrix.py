# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The access decision of the suite, as data in one place.

For every model the six addons register (their own models and the Tryton
models they extend) and the Tryton models a CRM user reaches from the CRM
menus, ``MATRIX`` says what each group may do:

access
    the model access of a user in only that group (and the groups it
    inherits: Marketer, Cashier, Clinic Staff, Insurance Agent and CRM
    Manager are CRM Users; CRM Finance is an Accounting user), one token per
    column of ``COLUMNS``: ``r`` read and search, ``w`` write, ``c`` create,
    ``d`` delete, ``-`` nothing;
workflow
    the fields only the workflow writes (buttons, wizards, scheduled
    actions, the earning code): no group may write or create them directly;
buttons
    for each button of the model, the columns that may click it;
own
    the domain of the records a marketer sees (``USER`` is his user id):
    his customers' records and his own documents only;
export
    True for the harmless reference data everybody who reads it may export
    (``crm_fin.access.EXPORT_ALLOWED``); every other model is exported by
    the "CRM Data Export" group only;
secret
    fields that only the administrators read and write;
restricted
    fields only the given columns read (medical data);
stored
    readonly fields that store what a user types in a function field (the
    texts of an alarm): written through it, not workflow fields.
region
    how the regions of the access templates (``crm_fin/access_template.py``)
    restrict the model: the path to the party whose region shows the record
    (``''`` the party itself, ``'invoice.party'``; a trailing ``?``: the
    records without party are seen by everyone), ``TOTALS`` for a report
    adding up the figures of the user's regions only, ``False`` for a model
    not restricted by region (it must be decided for every model a marketer
    sees his own records of);
area
    the area of the "own records only" switch of the templates that
    restricts the model.

``check_access_matrix`` (run by the security scenarios on SQLite and
PostgreSQL) compares the database with the matrix and fails for a model of
the addons that has no decision (fail closed)."""
from collections import namedtuple

COLUMNS = ('none', 'user', 'marketer', 'cashier', 'clinic', 'insurance',
    'finance', 'manager')
# The group of each column (None: a user without any group)
GROUPS = {
    'none': None,
    'user': 'crm_fin.group_crm_user',
    'marketer': 'crm_fin.group_marketer',
    'cashier': 'crm_installments.group_cashier',
    'clinic': 'crm_vertical_medical.group_clinic_staff',
    'insurance': 'crm_vertical_insurance.group_insurance_agent',
    'finance': 'crm_fin.group_finance',
    'manager': 'crm_fin.group_crm_manager',
    }
ADDONS = ('crm_fin', 'crm_installments', 'crm_telephony', 'crm_club',
    'crm_vertical_medical', 'crm_vertical_insurance', 'crm_campaign',
    'crm_stock')
USER = object()  # the marketer's user id in an own domain

CRM = 'user marketer cashier clinic insurance manager'

TOTALS = 'totals'  # a report of the figures of the user's regions

Decision = namedtuple('Decision',
    ['access', 'workflow', 'buttons', 'own', 'export', 'secret',
        'restricted', 'stored', 'region', 'area'])


def D(access, workflow=(), buttons=None, own=None, export=False,
        secret=(), restricted=None, stored=(), region=None, area=None):
    tokens = access.split()
    assert len(tokens) == len(COLUMNS), access
    return Decision(dict(zip(COLUMNS, tokens)), tuple(workflow),
        {b: set(c.split()) for b, c in (buttons or {}).items()},
        own, export, tuple(secret),
        {f: set(c.split()) for f, c in (restricted or {}).items()},
        tuple(stored), region, area)


def customer(path):
    "The records of the marketer's own customers, through path"
    prefix = path + '.' if path else ''
    return [(prefix + 'marketer.user', '=', USER)]


def customer_or_pool(path):
    "The records of his customers and of customers of no marketer"
    prefix = path + '.' if path else ''
    return ['OR', (prefix + 'marketer', '=', None),
        (prefix + 'marketer.user', '=', USER)]


READ_ALL = 'r r r r r r r r'
NOTHING = '- - - - - - - -'
CONFIG = 'r r r r r r r rwcd'
PARTY = '- rwc rwc rwc rwc rwc r rwcd'
SEGMENT = '- rwcd rwcd rwcd rwcd rwcd - rwcd'

MATRIX = {
    # crm_fin
    'crm.alarm': D('- rw rw rw rw rw - rwcd', workflow=['state'],
        buttons={'done': CRM}, own=[('user', '=', USER)],
        stored=['message', 'params', 'custom_name', 'description_message',
            'custom_description', 'sms_message', 'custom_sms_text'],
        region='party?'),
    'crm.acquisition.source': D(CONFIG, export=True),
    'crm.calendar.day': D(READ_ALL, export=True),
    # the summaries (summary.py): read by the getters in SQL, the
    # administrators only through the ORM
    'crm.party.summary': D(NOTHING),
    'crm.party.invoice.summary': D(NOTHING),
    'crm.product.affinity': D(NOTHING),
    'crm.product.sales.daily': D(NOTHING),
    'crm.quotation.daily': D(NOTHING),
    'crm.summary.state': D(NOTHING),
    'crm.configuration': D(READ_ALL),
    'crm.configuration.special_categories': D(READ_ALL),
    'crm.description.snippet': D(CONFIG, export=True),
    'crm.marketer.due': D('- r r r r r - r', own=[
            ('agent.user', '=', USER)], region='party'),
    'crm.party.profitability': D('- - - - - - r r', region='party'),
    'crm.party.rfm': D('- r r r r r - r', own=customer('party'),
        region='party'),
    'crm.product.profit': D('- - - - - - r r', region=TOTALS),
    'crm.product.sales.yearly': D('- r r r r r - r', region=TOTALS),
    'crm.quotation.conversion': D('- r r r r r - r', region=TOTALS),
    'crm.sales.target': D('- r r r r r - rwcd'),
    'party.position': D(PARTY, own=customer_or_pool('person'),
        region='person'),
    # regions (region.py) and access templates (access_template.py)
    'res.role': D(READ_ALL, buttons={'add_districts': ''}),
    'res.role-country.subdivision': D(READ_ALL),
    'res.role-crm.district': D(READ_ALL),
    'res.user.role': D(READ_ALL),
    'country.subdivision': D(READ_ALL, export=True),
    # the audit (audit.py): administrators only
    'crm.audit.entry': D('- - - - - - - -', buttons={'open_record': ''}),
    # Tryton models of the CRM menus and forms
    'party.party': D(PARTY, own=customer_or_pool(''),
        workflow=['club_tier', 'region_province', 'region_district',
            'summary_score', 'summary_class', 'summary_roles',
            'summary_last_contact'],
        region='', area='party',
        buttons={'dial': CRM, 'club_print_card': CRM},
        restricted={'medical_documents': 'clinic',
            'disease_groups': 'clinic',
            'appointments': 'clinic manager'}),
    # the company-dependent values of a party: read and written through its
    # fields (crm_fin/party.xml), never directly
    'party.party.lang': D(NOTHING),
    'party.party.account': D(NOTHING),
    'party.party.payment_term': D(NOTHING),
    'party.party.credit_limit_amount': D(NOTHING),
    'party.party.dunning_procedure': D(NOTHING),
    'party.party.customer_currency': D(NOTHING),
    'party.party.sale_method': D(NOTHING),
    'party.party.sale_price_list': D(NOTHING),
    'party.party.location': D(NOTHING),
    'party.address': D(PARTY, own=customer_or_pool('party'),
        region='party'),
    'party.contact_mechanism': D(PARTY, own=customer_or_pool('party'),
        workflow=['value_e164'], region='party'),
    'party.identifier': D(PARTY, own=customer_or_pool('party'),
        region='party'),
    'party.relation': D('- rwcd rwcd rwcd rwcd rwcd r rwcd',
        own=customer_or_pool('from_'), region='from_'),
    'sale.sale': D('- rwcd rwcd rwcd rwcd rwcd - rwcd',
        own=[('agent.user', '=', USER)], region='party', area='sale'),
    'sale.line': D('- rwcd rwcd rwcd rwcd rwcd - rwcd',
        workflow=['crm_line_kind'],
        own=[('sale.agent.user', '=', USER)], region='sale.party'),
    'sale.opportunity': D('- - - - - - - -', own=customer('party'),
        region='party'),
    'sale.configuration': D(READ_ALL),
    'account.invoice': D('- r r r r r rwcd r',
        own=[('agent.user', '=', USER)], region='party', area='invoice'),
    'account.invoice.line': D('- r r r r r rwcd r',
        own=[('invoice.agent.user', '=', USER)], region='invoice.party?',
        area='invoice'),
    # crm_fin: the Jalali periods of an Iranian company (fiscalyear.py);
    # read by all, as Tryton does, kept by the accounting administrators
    'account.fiscalyear': D(READ_ALL, buttons={
            'create_periods': '', 'close': '', 'reopen': '', 'lock_': ''}),
    'account.move': D('- - - - - - rwcd -'),
    'account.move.line': D('- - - - - - rwcd -'),
    'account.move.reconciliation': D('- - - - - - rc -'),
    'account.dunning': D('- - - - - - - -'),
    'account.dunning.level': D('- - - - - - - -'),
    # the pay of the marketer (his own), not the customers' data
    'commission': D(READ_ALL, own=[('agent.user', '=', USER)],
        region=False),
    'commission.agent': D(READ_ALL),
    'project.work': D('r rwc rwc rwc rwc rwc r rwcd',
        workflow=['assigner'], own=['OR',
            ('task_party', '=', None),
            ('assigned_user', '=', USER), ('assigner', '=', USER)],
        region='task_party?', area='task'),
    'stock.shipment.out': D('- - - - - - - -', own=customer('customer'),
        region='customer'),
    # crm_stock: receiving by scanning, for the stock groups only
    'stock.shipment.in': D('- - - - - - - -'),
    # crm_stock: the items scanned on the moves, for the stock groups only
    'stock.move': D('- - - - - - r -'),
    'product.category': D(READ_ALL, export=True),
    'product.product': D(READ_ALL, export=True),
    'product.template': D(READ_ALL, export=True),
    'party.configuration': D(READ_ALL),
    'crm.district': D(CONFIG, export=True),
    'res.user': D(READ_ALL),
    'ir.cron': D(READ_ALL),
    'ir.rule': D(READ_ALL),
    # crm_fin: caches the conventions of the languages the texts read
    'ir.lang': D(READ_ALL),
    # crm_fin: caches the time zone and currency of a company per process
    'company.company': D(READ_ALL),

    # crm_installments
    'crm.installment': D('- rwcd rwcd rwcd rwcd rwcd r rwcd',
        workflow=['company', 'line', 'collect_lines', 'collect_date',
            'collected_at', 'collected_by', 'state'],
        buttons={'collect': 'cashier', 'cancel': 'finance manager',
            'draft': 'finance manager', 'correct': 'finance manager'},
        own=['OR', ('party.marketer.user', '=', USER),
            ('sale.agent.user', '=', USER),
            ('invoice.agent.user', '=', USER)], region='party'),
    'crm.installment-account.move.line': D('- r r r r r r r',
        own=[('installment.party.marketer.user', '=', USER)],
        region='installment.party'),
    'crm.installment.collected': D('- - - r - - r r', region=TOTALS),
    'crm.installment.configuration': D('r r r r r r rw rwcd'),
    'crm.installment.template': D('r r r r r r rwcd rwcd', export=True),
    'crm.pos.terminal': D('r r r r r r rwcd rwcd'),
    'crm.cheque': D('- r r rwcd r r r r',
        workflow=['state', 'receipt_line', 'clearing_move', 'bounce_move',
            'events', 'image_id'],
        buttons={b: 'cashier' for b in ['receive', 'deposit', 'clear',
                'bounce', 'return_', 'replace']},
        own=['OR', ('party.marketer.user', '=', USER),
            ('installment.sale.agent.user', '=', USER),
            ('installment.invoice.agent.user', '=', USER)], region='party'),
    'crm.cheque.event': D('- r r r r r r r',
        own=[('cheque.party.marketer.user', '=', USER)],
        region='cheque.party'),

    # crm_telephony
    'crm.communication': D('- rwc rwc rwc rwc rwc - rwcd',
        workflow=['number_e164', 'call_id', 'state', 'origin'],
        buttons={'create_lead': CRM},
        own=['OR', ('party', '=', None),
            ('party.marketer.user', '=', USER), ('user', '=', USER)],
        region='party?', area='communication'),
    'crm.communication.calls_per_day': D('- r r r r r - r',
        own=[('user', '=', USER)], region=TOTALS),
    'crm.communication.last_call': D('- r r r r r - r',
        own=customer('party'), region='party'),
    'crm.communication.conversion': D('- r r r r r - r',
        own=[('user', '=', USER)], region=TOTALS),
    'crm.greeting.holiday': D('- r r r r r - rwcd', export=True),
    'crm.reminder.rule': D('- r r r r r - rwcd'),
    'crm.sms': D('- rc rc rc rc rc - rwcd',
        workflow=['state', 'attempts', 'last_error', 'sent_at',
            'provider_id', 'cost', 'origin', 'user', 'number_e164',
            'delivered_at'],
        buttons={'send': CRM, 'retry': CRM},
        own=['OR', ('party.marketer.user', '=', USER), ('user', '=', USER)],
        region='party?', area='communication'),
    'crm.sms.gateway': D('- r r r r r - rwcd', secret=['api_key']),
    'crm.sms.gateway.price': D('- r r r r r - rwcd'),
    'crm.sms.template': D('- r r r r r - rwcd', export=True),
    'crm.telephony.configuration': D('- r r r r r - rw',
        secret=['webhook_token', 'ami_secret']),

    # crm_club
    'club.configuration': D('r r r r r r r rwc'),
    'club.tier': D(CONFIG, export=True),
    'club.points.line': D('- r r r r r r r',
        workflow=['party', 'date', 'points', 'kind', 'origin',
            'description'],
        buttons={'correct': 'finance manager'},
        own=customer('party'), region='party'),
    'club.tier.log': D('- r r r r r r r', own=customer('party'),
        region='party'),
    'club.portal.attempt': D('- - - - - - - -'),

    # crm_vertical_medical: medical data for the clinic staff only
    'medical.appointment': D('- - - - rwc - - rwcd',
        workflow=['state', 'booked_by'],
        buttons={b: 'clinic manager' for b in ['confirm', 'do', 'no_show',
                'cancel']},
        restricted={'reason': 'clinic'}, region='patient'),
    'medical.appointment.slot': D('- - - - r - - r'),
    'medical.configuration': D('r r r r r r r rwc'),
    'medical.disease.group': D('- - - - rwcd - - -'),
    'medical.doctor': D('r r r r rwc r r rwcd'),
    'medical.doctor.schedule': D('r r r r rwcd r r rwcd'),
    'medical.document': D('- - - - rwcd - - -', region='patient'),
    'medical.education.message': D('- - - - rwcd - - -',
        workflow=['state', 'sent_count']),
    'medical.patient-disease.group': D('- - - - rwcd - - -',
        region='patient'),

    # crm_vertical_insurance
    'insurance.policy': D('- - - - - rwc r rwcd',
        workflow=['state', 'previous', 'premium_invoice'],
        buttons={'activate': 'insurance manager',
            'cancel': 'insurance manager', 'draft': 'insurance manager',
            'renew': 'insurance manager', 'invoice_premium': 'finance'},
        region='holder'),
    'insurance.configuration': D('r r r r r r r rwc'),
    'insurance.policy.type': D(CONFIG, export=True),
    'insurance.policy.expiring': D('- - - - - r - r', region='holder'),
    'insurance.agent.renewal': D('- - - - - r - r', region=TOTALS),
    'insurance.type.premium': D('- - - - - r - r', region=TOTALS),

    # crm_campaign: segments shared by the CRM users (their parties are
    # searched with the user's rules), letters and campaigns of their
    # author for a marketer
    'crm.segment': D(SEGMENT, buttons={'open_parties': CRM}),
    'crm.segment-party.category': D(SEGMENT),
    'crm.segment-country.subdivision': D(SEGMENT),
    'crm.segment-crm.district': D(SEGMENT),
    'crm.segment-crm.acquisition.source': D(SEGMENT),
    'crm.segment-commission.agent': D(SEGMENT),
    'crm.segment-club.tier': D(SEGMENT),
    'crm.letter.template': D('- r r r r r - rwcd'),
    'crm.letter': D('- rwc rwc rwc rwc rwc - rwcd', workflow=['state'],
        buttons={'print_letters': CRM},
        own=[('create_uid', '=', USER)], region=False),
    'crm.letter.recipient': D(SEGMENT,
        workflow=['contact', 'address', 'number', 'communication'],
        own=[('letter.create_uid', '=', USER)], region=False),
    'crm.label.layout': D(CONFIG),
    'crm.campaign': D('- r rwcd r r r - rwcd',
        workflow=['state', 'last_batch_at'],
        buttons={b: 'marketer manager' for b in [
                'prepare', 'draft', 'send', 'resume', 'cancel']},
        own=[('create_uid', '=', USER)], region=False),
    'crm.campaign.recipient': D('- r r r r r - r',
        own=[('campaign.create_uid', '=', USER)], region=False),
    'crm.campaign.configuration': D('- r r r r r - rw',
        secret=['delivery_token']),
    # the workspace's reports (read-only), fixes' company values, dashboards
    'crm.sales.monthly': D('- r r r r r - r', region=False),
    'crm.quotation.conversion.marketer': D('- - - - - - - r', region=False),
    'crm.party.overdue': D('- r r r r r - r', region=False),
    'crm.marketer.commission': D('- - r - - - - r',
        own=[('agent.user', '=', USER)], region=False),
    'club.points.monthly': D('- r r r r r - r', region=False),
    'crm.installment.forecast': D('- r r r r r - r', region=False),
    'commission.plan': D('- - - - - - - -'),
    'commission.plan.line': D('- - - - - - - -'),
    'crm.installment.configuration.method': D('r r r r r r rwc rwcd'),
    'crm.telephony.configuration.pbx': D('- - - - - - - -'),
    'ir.translation': D(READ_ALL),
    'res.group': D(READ_ALL),
    'res.group.dashboard.action': D(READ_ALL),
    }
