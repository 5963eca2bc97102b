# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The accounting of a company the module tests post to"
from trytond.pool import Pool


def create_accounting(company):
    """The chart and the fiscal year (periods, invoice sequences) of
    company: its revenue journal, a receivable and a revenue account"""
    from trytond.modules.account.tests.test_module import (
        create_chart, get_fiscalyear)
    from trytond.modules.account_invoice.tests.test_module import (
        set_invoice_sequences)
    pool = Pool()
    Account = pool.get('account.account')
    FiscalYear = pool.get('account.fiscalyear')
    Journal = pool.get('account.journal')
    create_chart(company)
    fiscalyear = set_invoice_sequences(get_fiscalyear(company))
    fiscalyear.save()
    FiscalYear.create_period([fiscalyear])
    journal, = Journal.search([('code', '=', 'REV')])
    receivable, = Account.search([
            ('type.receivable', '=', True),
            ('closed', '=', False)], limit=1)
    revenue, = Account.search([
            ('type.revenue', '=', True),
            ('closed', '=', False)], limit=1)
    return journal, receivable, revenue


def post_receivable(accounting, party, amount, date):
    """A posted move of accounting (create_accounting's): amount receivable
    from party, due on date"""
    pool = Pool()
    Move = pool.get('account.move')
    Period = pool.get('account.period')
    journal, receivable, revenue = accounting
    move, = Move.create([{
                'journal': journal.id, 'date': date,
                'period': Period.find(receivable.company, date),
                'lines': [('create', [{
                                'account': receivable.id, 'party': party.id,
                                'debit': amount, 'maturity_date': date,
                                }, {
                                'account': revenue.id, 'credit': amount,
                                }])]}])
    Move.post([move])
    return move
