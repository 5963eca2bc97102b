# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Members' birthdays: the club's words in crm_fin's one greeting."
from sql import Null

from trytond.i18n import gettext
from trytond.pool import PoolMeta


class Greeting(metaclass=PoolMeta):
    __name__ = 'crm.greeting'

    @classmethod
    def _greeted_queries(cls, occasion):
        queries = super()._greeted_queries(occasion)
        if occasion == 'birthday':
            queries.append(cls.parties_where(
                    lambda party: party.club_card_number != Null))
        return queries

    @classmethod
    def _contribute(cls, occasion, date, persons, greetings):
        "A member's greeting tells of the club's gift"
        super()._contribute(occasion, date, persons, greetings)
        if occasion != 'birthday':
            return
        for person in persons:
            if not person.club_card_number:
                continue
            greeting = greetings[person.id]
            greeting.add_text(30, gettext('crm_club.msg_birthday_greeting',
                    name=person.rec_name))
            greeting.add_words(gettext('crm_club.msg_birthday_gift'))
