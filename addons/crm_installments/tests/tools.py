# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Fixtures of crm_installments' scenarios, reused by addons that take payments"
from proteus import Model
from proteus.config import get_config

from trytond.modules.company.tests.tools import get_company

__all__ = ['setup_installments', 'setup_installments_pl']

# the names of the payment methods and the terminal of an Iranian company
PERSIAN = {
    "Cash": "نقد",
    "Deposit Slip": "فیش واریزی",
    "Cheque Received": "دریافت چک",
    "Cheque Cleared": "وصول چک",
    "POS": "کارت‌خوان",
    "Counter POS": "کارت‌خوان صندوق",
    }


def setup_installments(config=None):
    """Ledger accounts (cheques in hand, bank, POS), payment methods, the
    installment configuration and a POS terminal.  In the suite's Iranian
    chart the ledgers are its own (1102 bank, 1103 cheques, 1104 POS) and
    the names Persian; in Tryton's universal chart they are made, in
    English"""
    from trytond.modules.crm_fin.tests.tools import get_accounts
    if config is None:
        config = get_config()
    company = get_company(config=config)
    accounts = get_accounts(company, config=config)
    Account = Model.get('account.account', config=config)
    Journal = Model.get('account.journal', config=config)
    Method = Model.get('account.invoice.payment.method', config=config)
    journal, = Journal.find([('type', '=', 'cash')], limit=1)
    iranian = 'cheques' in accounts
    names = PERSIAN if iranian else {n: n for n in PERSIAN}
    ledgers = {}
    for code, kind, name in [
            ('CHQ', 'cheques', "Cheques in Hand"),
            ('BANK', 'bank', "Bank Mellat Current Account"),
            ('POS', 'pos', "POS Settlement Account")]:
        if iranian:
            ledgers[code] = accounts[kind]
            continue
        account = Account(name=name, code=code,
            type=accounts['cash'].type, company=company)
        account.save()
        ledgers[code] = account

    def method(name, debit):
        # the demo's cash method, made for its first paid invoice, is kept
        methods = Method.find([('company', '=', company.id),
                ('name', '=', name), ('debit_account', '=', debit.id)])
        if methods:
            return methods[0]
        method = Method(name=name, company=company, journal=journal,
            debit_account=debit, credit_account=debit)
        method.save()
        return method

    Configuration = Model.get('crm.installment.configuration', config=config)
    configuration = Configuration(1)
    configuration.cash_method = method(names["Cash"], accounts['cash'])
    configuration.deposit_method = method(
        names["Deposit Slip"], ledgers['BANK'])
    configuration.cheque_method = method(
        names["Cheque Received"], ledgers['CHQ'])
    configuration.cheque_clearing_method = method(
        names["Cheque Cleared"], ledgers['BANK'])
    configuration.alarm_days = 3
    configuration.save()

    Terminal = Model.get('crm.pos.terminal', config=config)
    terminal = Terminal(name=names["Counter POS"], device="PAX S90",
        payment_method=method(names["POS"], ledgers['POS']))
    terminal.save()


# A synthetic Polish IBAN (valid check digits) of the Polish company
PL_IBAN = 'PL60102010260000040201234567'


def setup_installments_pl(config=None):
    """The payment kinds of a Polish company (current company, accounts of
    the suite's Polish chart): cash (100 Kasa), bank transfer (130 Rachunek
    bankowy), card terminal (140) and merchant credit; no cheques or deposit
    slips"""
    from trytond.modules.crm_fin.tests.tools import get_finance_pl
    if config is None:
        config = get_config()
    fin = get_finance_pl(config=config)
    company, accounts = fin['company'], fin['accounts']
    Journal = Model.get('account.journal', config=config)
    Method = Model.get('account.invoice.payment.method', config=config)
    journal, = Journal.find([('type', '=', 'cash')], limit=1)

    def method(name, code):
        method = Method(name=name, company=company, journal=journal,
            debit_account=accounts[code], credit_account=accounts[code])
        method.save()
        return method

    Configuration = Model.get('crm.installment.configuration', config=config)
    configuration = Configuration(1)
    configuration.cash_method = method("Gotówka", '100')
    configuration.transfer_method = method("Przelew", '130')
    configuration.payment_kinds = ['cash', 'credit', 'transfer', 'pos']
    configuration.save()
    Terminal = Model.get('crm.pos.terminal', config=config)
    Terminal(name="Terminal płatniczy", device="Ingenico Move/5000",
        company=company,
        payment_method=method("Karta płatnicza", '140')).save()

    # The company's bank account, printed on the Faktura VAT for transfers
    Party = Model.get('party.party', config=config)
    Bank = Model.get('bank', config=config)
    BankAccount = Model.get('bank.account', config=config)
    bank_party = Party(name="Bank Przykładowy S.A.")
    bank_party.save()
    bank = Bank(party=bank_party)
    bank.save()
    account = BankAccount(bank=bank, currency=company.currency)
    account.owners.append(Party(company.party.id))
    account.numbers.new(type='iban', number=PL_IBAN)
    account.save()
