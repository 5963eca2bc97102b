# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The letter rung of the dunning ladder (account_dunning_letter).

A dunning level with *Print on Letter* prints, when the dunnings are
processed, one letter per party on the suite's letterhead (right to left
with Jalali dates for a Persian-speaking party, the Polish / European
layout otherwise) listing the party's overdue installments and bounced
cheques (crm_installments) with the total due, addressed like any letter
(an organisation's contact person).  Each printed letter is logged as a
communication of kind *letter* on the party.
"""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from . import odt
from .letter import default_template, recipient_values
from trytond.modules.crm_fin.tools import format_date


def _lang(party):
    pool = Pool()
    Configuration = pool.get('ir.configuration')
    return party.lang.code if party.lang else Configuration.get_language()


class Letter(metaclass=PoolMeta):
    __name__ = 'account.dunning.letter'

    @classmethod
    def header_key(cls, record, data):
        "Persian and other letters go to separate documents"
        lang = _lang(record.party) if record.party else ''
        return super().header_key(record, data) + (
            ('persian', lang.startswith('fa')),)

    @classmethod
    def _execute(cls, records, header, data, action):
        pool = Pool()
        Dunning = pool.get('account.dunning')
        dunnings = [d for d in Dunning.browse([int(r) for r in records])
            if d.state == 'waiting' and not d.blocked and d.party]
        parties = []
        for dunning in dunnings:
            if dunning.party not in parties:
                parties.append(dunning.party)
        if not parties:
            return 'pdf', b''
        company = dunnings[0].company
        pages = [cls.dunning_values(p, company,
                [d for d in dunnings if d.party == p]) for p in parties]
        persian = dict(header).get('persian', False)
        template = odt.fill_globals(default_template('fa' if persian else ''),
            {'company': company.rec_name})
        extension, document = odt.merge(template, pages)
        return 'pdf', odt.to_pdf(extension, document, cls.__name__)

    @classmethod
    def dunning_values(cls, party, company, dunnings):
        """The placeholder values of the dunning letter of party: the
        installments of its dunnings and its bounced cheques"""
        pool = Pool()
        Date = pool.get('ir.date')
        Lang = pool.get('ir.lang')
        Installment = pool.get('crm.installment')
        Cheque = pool.get('crm.cheque')
        code = _lang(party)
        lang = Lang.get(code)
        currency = company.currency

        def amount(value, currency):
            return lang.currency(value, currency, grouping=True)
        with Transaction().set_context(language=code):
            _, _, values = recipient_values(party, lang=code)
            installments = {i.line: i for i in Installment.search([
                        ('line', 'in', [d.line.id for d in dunnings]),
                        ])}
            cheques = Cheque.search([
                    ('party', '=', party.id),
                    ('state', '=', 'bounced'),
                    ], order=[('due_date', 'ASC'), ('id', 'ASC')])
            bounced = {c.installment for c in cheques if c.installment}
            items = []
            for dunning in sorted(dunnings,
                    key=lambda d: (d.line.maturity_date, d.id)):
                installment = installments.get(dunning.line)
                if installment in bounced:
                    # listed as its cheque
                    continue
                items.append(gettext('crm_campaign.msg_dunning_installment',
                        date=format_date(dunning.line.maturity_date, code),
                        amount=amount(dunning.amount, currency)))
            items += [gettext('crm_campaign.msg_dunning_cheque',
                    number=c.number or '', date=format_date(c.due_date, code),
                    amount=amount(c.amount, c.currency))
                for c in cheques]
            total = sum((d.amount for d in dunnings), 0)
            values.update({
                    'number': '',
                    'date': format_date(Date.today(), code),
                    'company': company.rec_name,
                    'subject': gettext('crm_campaign.msg_dunning_subject'),
                    })
            values['body'] = gettext('crm_campaign.msg_dunning_body',
                contact=values['contact'], items='\n'.join(items),
                total=amount(total, currency), company=company.rec_name)
        return values


class ProcessDunning(metaclass=PoolMeta):
    __name__ = 'account.dunning.process'

    def do_print_letter(self, action):
        "Log the printed letters on their parties"
        pool = Pool()
        Communication = pool.get('crm.communication')
        Date = pool.get('ir.date')
        result = super().do_print_letter(action)
        if result:
            _, data = result
            dunnings = [d for d in self.records if d.id in data['ids']]
            logged, values = set(), []
            for dunning in dunnings:
                if dunning.party in logged:
                    continue
                logged.add(dunning.party)
                values.append({
                        'party': dunning.party.id,
                        'kind': 'letter',
                        'direction': 'outgoing',
                        'date': Date.today(),
                        'subject': gettext('crm_campaign.msg_dunning_subject'),
                        'description': gettext(
                            'crm_campaign.msg_dunning_logged',
                            level=dunning.level.rec_name),
                        'origin': str(dunning),
                        })
            Communication.create(values)
        return result


class Communication(metaclass=PoolMeta):
    __name__ = 'crm.communication'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['account.dunning']
