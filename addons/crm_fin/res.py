# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The user's calendar: Jalali or Gregorian (issue 17).

Dates stay Gregorian in the database and on the wire; the calendar only
tells the web client (``client/src/jalali.js``) how to show and read them.
Left empty it follows the user's language: Jalali for Persian, Gregorian
otherwise.  It is a context field, so sao finds it in its session context
(and the server in ``Transaction().context['calendar']``), and the user
changes it in his preferences."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

CALENDARS = [
    (None, ""),
    ('gregorian', "Gregorian"),
    ('jalali', "Jalali"),
    ]
# Languages whose people count the days in the Solar Hijri calendar
JALALI_LANGUAGES = {'fa'}


def language_calendar(code):
    "The calendar of a language code (fa, fa_IR: Jalali)"
    if code and code.split('_')[0] in JALALI_LANGUAGES:
        return 'jalali'
    return 'gregorian'


class User(metaclass=PoolMeta):
    __name__ = 'res.user'
    calendar = fields.Selection(CALENDARS, "Calendar",
        help="The calendar of dates in the web client.\n"
        "Leave empty to follow the language: Jalali for Persian.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._context_fields.append('calendar')

    @classmethod
    def _get_preferences(cls, user, context_only=False):
        pool = Pool()
        Config = pool.get('ir.configuration')
        preferences = super()._get_preferences(
            user, context_only=context_only)
        if not user.calendar:
            preferences['calendar'] = language_calendar(
                user.language.code if user.language
                else Config.get_language())
        return preferences
