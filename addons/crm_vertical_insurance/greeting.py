# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The insured persons' birthdays and wedding anniversaries: the agency's
text in crm_fin's one greeting, and the agent of the latest active policy
notified."""
from sql import Literal

from trytond.modules.crm_fin.tools import render
from trytond.pool import Pool, PoolMeta

TEXTS = {
    'birthday': 'birthday_text',
    'wedding_anniversary': 'anniversary_text',
    }


class Greeting(metaclass=PoolMeta):
    __name__ = 'crm.greeting'

    @classmethod
    def _greeted_queries(cls, occasion):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        policy = Policy.__table__()
        queries = super()._greeted_queries(occasion)
        if occasion in TEXTS:
            queries.append(policy.select(policy.insured.as_('id'),
                    where=policy.state == Literal('active')))
        return queries

    @classmethod
    def _contribute(cls, occasion, date, persons, greetings):
        pool = Pool()
        Policy = pool.get('insurance.policy')
        Configuration = pool.get('insurance.configuration')
        super()._contribute(occasion, date, persons, greetings)
        if occasion not in TEXTS:
            return
        text = getattr(Configuration(1), TEXTS[occasion])
        policies = {}
        for policy in Policy.search([
                    ('insured', 'in', [p.id for p in persons]),
                    ('state', '=', 'active'),
                    ], order=[('end_date', 'ASC'), ('id', 'ASC')]):
            # the latest one wins
            policies[policy.insured.id] = policy
        for person in persons:
            policy = policies.get(person.id)
            if not policy:
                continue
            greeting = greetings[person.id]
            greeting.add_text(20, render(text, name=person.name,
                    company=policy.company.rec_name))
            greeting.notify(policy.agent)
