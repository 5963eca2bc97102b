# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Greetings on a person's occasions: one alarm, so one SMS, per person and
occasion.

An occasion is a yearly date of the party (``birthday``, ``wedding
anniversary``); its alarm kind is the occasion's name.  The daily scheduled
action ``crm.greeting|raise_greetings`` is the only producer of these
alarms.  The addons plug into it:

* ``_greeted_queries(occasion)`` -> python-sql queries of party ids: who
  the addon greets on the occasion (crm_telephony every person, crm_club
  its members, crm_vertical_insurance the insured of active policies).
  crm_fin unites them, so a person greeted by three addons is found once.
* ``_contribute(occasion, date, persons, greetings)``: what the addon adds
  to the greeting of each person (``greetings[party.id]``, a ``Words``):
  a greeting text with a sequence (the lowest sequence is the one sent),
  words appended to it, the user to notify.

``compose`` turns the words of a person into the alarm's texts: the title
is a message rendered in the language of its reader (``crm_fin/text.py``),
the SMS is composed in the person's language.  Alarms are
unique per (origin, kind, date): running the action again the same day, or
once per company, raises nothing new.
"""
from collections import defaultdict

from sql import Union

from trytond.model import Model
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .tools import for_each_company, in_max

OCCASIONS = {
    'birthday': 'birthday',
    'wedding_anniversary': 'wedding_anniversary',
    }


class Words:
    "What the addons say to one person on one occasion"
    __slots__ = ('texts', 'words', 'user')

    def __init__(self):
        self.texts = []
        self.words = []
        self.user = None

    def add_text(self, sequence, text):
        "A greeting text; the one of the lowest sequence is sent"
        if text:
            self.texts.append((sequence, text))

    def add_words(self, text):
        "Words appended to the greeting text"
        if text:
            self.words.append(text)

    def notify(self, user):
        "The user who gets the alarm (the first one given)"
        if user and not self.user:
            self.user = int(user)


class Greeting(Model):
    "Greeting"
    __name__ = 'crm.greeting'
    __string__ = "Greeting"

    @classmethod
    def occasions(cls):
        "{occasion (alarm kind): party date field}"
        return dict(OCCASIONS)

    @classmethod
    def _greeted_queries(cls, occasion):
        "Return python-sql queries of the ids of the parties greeted"
        return []

    @classmethod
    def parties_where(cls, condition):
        "A query of the ids of the parties where condition(party table)"
        pool = Pool()
        Party = pool.get('party.party')
        party = Party.__table__()
        return party.select(party.id, where=condition(party))

    @classmethod
    def _contribute(cls, occasion, date, persons, greetings):
        "Add the addon's texts, words and user to greetings {party id: Words}"
        pass

    @classmethod
    def compose(cls, occasion, person, words):
        """Return the alarm values of the words said to person on occasion:
        the title as a message (read in its reader's language), the SMS text
        (composed in the person's language) and the user"""
        text = None
        if words.texts:
            text = min(words.texts, key=lambda t: t[0])[1]
        if text is not None:
            text = ' '.join([text.strip()] + words.words)
        return {
            'message': 'crm_fin.msg_greeting_%s' % occasion,
            'params': {'party': person},
            'sms_text': text,
            'user': words.user,
            }

    @classmethod
    @for_each_company
    def raise_greetings(cls, date=None):
        "Scheduled action: raise today's greetings (idempotent)"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        Party = pool.get('party.party')
        if date is None:
            date = Date.today()
        values = []
        for occasion, field in cls.occasions().items():
            queries = cls._greeted_queries(occasion)
            if not queries:
                continue
            greeted = Union(*queries) if len(queries) > 1 else queries[0]
            ids = Party.anniversary_ids(field, date,
                where=lambda party: party.id.in_(greeted))
            for sub in grouped_slice(ids, in_max()):
                persons = Party.browse(list(sub))
                greetings = {p.id: Words() for p in persons}
                # the words are said in the person's language
                by_language = defaultdict(list)
                for person in persons:
                    by_language[
                        person.lang.code if person.lang else None].append(
                        person)
                for language, group in by_language.items():
                    with Transaction().set_context(language=language):
                        cls._contribute(occasion, date, group, greetings)
                for person in persons:
                    value = cls.compose(
                        occasion, person, greetings[person.id])
                    value.update({
                            'origin': person,
                            'kind': occasion,
                            'date': date,
                            'party': person.id,
                            })
                    values.append(value)
        return Alarm.raise_alarms(values)


class Alarm(metaclass=PoolMeta):
    __name__ = 'crm.alarm'

    @classmethod
    def get_kinds(cls):
        return super().get_kinds() + [
            ('birthday', "Birthday"),
            ('wedding_anniversary', "Wedding Anniversary"),
            ]
