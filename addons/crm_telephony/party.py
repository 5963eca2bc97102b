# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A party's last contact and caller card from the communication log
(extended by sales and invoices when installed)."""
from trytond.modules.crm_fin.tools import format_amount, format_date
from trytond.pool import Pool, PoolMeta
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
                # counted: a search would read the whole row for its cache
                and bool(self.search_count([('id', '=', self.id)])))

    @classmethod
    def _caller_card_fields(cls):
        """The fields of the party the card reads, in one read (the record's
        attributes would load every field of the party)"""
        # the record name's own fields read with it, so that its getter
        # finds them in the transaction's cache
        return ['name', 'code', 'rec_name']

    def get_caller_card(self, exclude=None):
        "Return the card of the party, extended by sale and account"
        values, = self.read([self.id], self._caller_card_fields())
        return self._caller_card(values, exclude=exclude)

    def _caller_card(self, values, exclude=None):
        """The card from the party's values (_caller_card_fields), extended
        by sale and account"""
        pool = Pool()
        Communication = pool.get('crm.communication')
        domain = [('party', '=', self.id), ('result', '!=', None)]
        if exclude:
            domain.append(('id', '!=', exclude.id))
        last = Communication.search_read(
            domain, limit=1, fields_names=['result:string'])
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
            'name': values['rec_name'],
            'last_contact': format_date(last_contact) if last_contact else None,
            'last_result': last[0]['result:string'] if last else None,
            }


class CommunicationSale(metaclass=PoolMeta):
    "Caller card: last quoted price and marketer"
    __name__ = 'party.party'

    @classmethod
    def _caller_card_fields(cls):
        fields_names = super()._caller_card_fields()
        if 'marketer' in cls._fields:
            # crm_fin with commission: the customer's own marketer
            fields_names += ['marketer.party.name', 'marketer.party.code',
                'marketer.party.rec_name']
        return fields_names

    def _caller_card(self, values, exclude=None):
        pool = Pool()
        Currency = pool.get('currency.currency')
        Sale = pool.get('sale.sale')
        card = super()._caller_card(values, exclude=exclude)
        fields_names = ['total_amount', 'currency']
        if 'agent' in Sale._fields:
            # commission: the agent of the sale
            fields_names += ['agent.party.name', 'agent.party.code',
                'agent.party.rec_name']
        sales = Sale.search_read([
                ('party', '=', self.id),
                ('state', 'in', [
                        'quotation', 'confirmed', 'processing', 'done']),
                ], limit=1,
            order=[('quotation_date', 'DESC NULLS LAST'), ('id', 'DESC')],
            fields_names=fields_names)

        def name(values, field):
            "The record name of the agent's party in field of values"
            agent = values.get(field + '.') or {}
            return (agent.get('party.') or {}).get('rec_name')
        # the customer's own marketer comes first, else the agent of his
        # last sale
        marketer = name(values, 'marketer')
        if sales:
            sale, = sales
            card['last_quoted'] = format_amount(
                sale['total_amount'], Currency(sale['currency']))
            marketer = marketer or name(sale, 'agent')
        if marketer:
            # his party's name (an agent's record name adds his plan)
            card['marketer'] = marketer
        return card


class CommunicationInvoice(metaclass=PoolMeta):
    "Caller card: open balance"
    __name__ = 'party.party'

    def _caller_card(self, values, exclude=None):
        card = super()._caller_card(values, exclude=exclude)
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        if not company:
            return card
        # the receivable of the call's company (the PBX's request runs as
        # root, whose user record the field would read for it)
        receivable = self.receivable_payable_of(
            [self], ['receivable'], company)['receivable'][self.id]
        if receivable:
            Currency = pool.get('currency.currency')
            card['balance'] = format_amount(
                receivable, Currency(Company.currency_id(company)))
        return card
