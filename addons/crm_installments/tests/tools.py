# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Fixtures of crm_installments' scenarios, reused by addons that take payments"
from proteus import Model
from proteus.config import get_config

from trytond.modules.company.tests.tools import get_company

__all__ = ['setup_installments']


def setup_installments(config=None):
    """Ledger accounts (cheques in hand, bank, POS), payment methods, the
    installment configuration and a POS terminal"""
    from trytond.modules.account.tests.tools import get_accounts
    if config is None:
        config = get_config()
    company = get_company(config=config)
    accounts = get_accounts(company, config=config)
    Account = Model.get('account.account', config=config)
    Journal = Model.get('account.journal', config=config)
    Method = Model.get('account.invoice.payment.method', config=config)
    journal, = Journal.find([('type', '=', 'cash')], limit=1)
    cash_type = accounts['cash'].type
    ledgers = {}
    for code, name in [
            ('CHQ', "Cheques in Hand"),
            ('BANK', "Bank Mellat Current Account"),
            ('POS', "POS Settlement Account")]:
        account = Account(name=name, code=code, type=cash_type,
            company=company)
        account.save()
        ledgers[code] = account

    def method(name, debit):
        method = Method(name=name, company=company, journal=journal,
            debit_account=debit, credit_account=debit)
        method.save()
        return method

    Configuration = Model.get('crm.installment.configuration', config=config)
    configuration = Configuration(1)
    configuration.cash_method = method("Cash", accounts['cash'])
    configuration.deposit_method = method("Deposit Slip", ledgers['BANK'])
    configuration.cheque_method = method("Cheque Received", ledgers['CHQ'])
    configuration.cheque_clearing_method = method(
        "Cheque Cleared", ledgers['BANK'])
    configuration.alarm_days = 3
    configuration.save()

    Terminal = Model.get('crm.pos.terminal', config=config)
    terminal = Terminal(name="Counter POS", device="PAX S90",
        payment_method=method("POS", ledgers['POS']))
    terminal.save()
