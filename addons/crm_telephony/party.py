# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A party's last contact and caller card from the communication log
(extended by sales and invoices when installed)."""
from decimal import Decimal

from trytond import backend
from trytond.modules.crm_fin.tools import format_amount, format_date
from trytond.pool import Pool, PoolMeta
from trytond.tools import sqlite_apply_types
from trytond.transaction import Transaction, check_access


class PartyCommunication(metaclass=PoolMeta):
    "Last contact and caller card from the communication log"
    __name__ = 'party.party'

    @classmethod
    def _last_contact_queries(cls):
        pool = Pool()
        Communication = pool.get('crm.communication')
        communication = Communication.__table__()
        where = None
        exclude = Transaction().context.get('_crm_exclude_communication')
        if exclude:
            where = communication.id != exclude
        return super()._last_contact_queries() + [communication.select(
                communication.party.as_('party'),
                communication.date.as_('date'), where=where)]

    def readable_by(self, user):
        "Whether user may read the party (its access and record rules)"
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        with Transaction().set_user(user.id), check_access():
            return (ModelAccess.check(self.__name__, 'read',
                    raise_exception=False)
                and bool(self.search([('id', '=', self.id)], limit=1)))

    def get_caller_card(self, exclude=None):
        "Return the card of the party, extended by sale and account"
        pool = Pool()
        Communication = pool.get('crm.communication')
        domain = [('party', '=', self.id)]
        if exclude:
            domain.append(('id', '!=', exclude.id))
        last = Communication.search(
            domain + [('result', '!=', None)], limit=1)
        last_result = None
        if last:
            last_result = dict(Communication.fields_get(
                    ['result'])['result']['selection'])[last[0].result]
        # the call ringing now is no earlier contact
        # (read directly: the party summary counts it)
        # (the getter itself: the field of a new record would read the
        # whole party once more in the PBX's request)
        with Transaction().set_context(
                _crm_exclude_communication=exclude.id if exclude else None,
                _crm_summary=not exclude):
            last_contact = self.get_last_contact_date(
                [self], 'last_contact_date')[self.id]
        return {
            'known': True,
            'party': self.id,
            'name': self.rec_name,
            'last_contact': format_date(last_contact) if last_contact else None,
            'last_result': last_result,
            }


class CommunicationSale(metaclass=PoolMeta):
    "Caller card: last quoted price and marketer"
    __name__ = 'party.party'

    def get_caller_card(self, exclude=None):
        pool = Pool()
        Sale = pool.get('sale.sale')
        card = super().get_caller_card(exclude=exclude)
        sales = Sale.search([
                ('party', '=', self.id),
                ('state', 'in', [
                        'quotation', 'confirmed', 'processing', 'done']),
                ], order=[('quotation_date', 'DESC NULLS LAST'),
                ('id', 'DESC')], limit=1)
        # the customer's own marketer (crm_fin with commission) comes first,
        # else the agent of his last sale (a name is read only once)
        marketer = getattr(self, 'marketer', None)
        if sales:
            sale, = sales
            card['last_quoted'] = format_amount(
                sale.total_amount, sale.currency)
            if not marketer:
                marketer = getattr(sale, 'agent', None)
        if marketer:
            # the marketer's name (an agent's record name adds his plan)
            card['marketer'] = marketer.party.rec_name
        return card


class CommunicationInvoice(metaclass=PoolMeta):
    "Caller card: open balance"
    __name__ = 'party.party'

    def get_caller_card(self, exclude=None):
        card = super().get_caller_card(exclude=exclude)
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        if not company:
            return card
        # the receivable of the call's company (the PBX's request runs as
        # root, whose user record the field would read for it)
        company = Company(company)
        cursor = Transaction().connection.cursor()
        query = self._receivable_payable_query(['receivable'], company, [self])
        if backend.name == 'sqlite':
            sqlite_apply_types(query, [None, 'NUMERIC'])
        cursor.execute(*query)
        receivable = sum((a for _, a in cursor), Decimal(0))
        if receivable:
            card['balance'] = format_amount(receivable, company.currency)
        return card
