# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Configuration of the agency: the texts of its SMS."
from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Insurance Configuration"
    __name__ = 'insurance.configuration'
    __string__ = "Insurance Configuration"
    _history = True
    thanks_text = fields.Text(
        "Thank-you SMS", translate=True,
        help="Sent when a policy is sold. Placeholders: ${holder}, "
        "${type}, ${number}, ${company}.")
    renewal_text = fields.Text(
        "Renewal Reminder SMS", translate=True,
        help="Sent before the end of a policy. Placeholders: ${holder}, "
        "${type}, ${number}, ${end}, ${company}.")
    birthday_text = fields.Text(
        "Birthday SMS", translate=True,
        help="Placeholders: ${name}, ${company}.")
    anniversary_text = fields.Text(
        "Wedding Anniversary SMS", translate=True,
        help="Placeholders: ${name}, ${company}.")

    @classmethod
    def default_thanks_text(cls):
        return gettext('crm_vertical_insurance.msg_default_thanks_text')

    @classmethod
    def default_renewal_text(cls):
        return gettext('crm_vertical_insurance.msg_default_renewal_text')

    @classmethod
    def default_birthday_text(cls):
        return gettext('crm_vertical_insurance.msg_default_birthday_text')

    @classmethod
    def default_anniversary_text(cls):
        return gettext('crm_vertical_insurance.msg_default_anniversary_text')
