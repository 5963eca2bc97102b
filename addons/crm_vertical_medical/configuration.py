# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The clinic's configuration: the appointment day's SMS, companions."
from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Clinic Configuration"
    __name__ = 'medical.configuration'
    _history = True
    __string__ = "Clinic Configuration"
    reminder_text = fields.Text(
        "Appointment Day SMS", translate=True,
        help="Sent on the appointment day. Placeholders: ${patient}, "
        "${doctor}, ${time}, ${company}.")
    companion_type = fields.Many2One(
        'party.relation.type', "Companion Relation",
        help="The relation from a patient to the family member who "
        "accompanies them.")
    portal_days = fields.Integer(
        "Online Booking Days", required=True,
        domain=[('portal_days', '>', 0)],
        help="Club members book online up to this many days ahead.")
    portal_open = fields.Integer(
        "Open Online Appointments", required=True,
        domain=[('portal_open', '>', 0)],
        help="The most appointments to come a member may have when he "
        "books online.")

    @classmethod
    def default_reminder_text(cls):
        return gettext('crm_vertical_medical.msg_default_reminder_text')

    @classmethod
    def default_portal_days(cls):
        return 60

    @classmethod
    def default_portal_open(cls):
        return 2

    @classmethod
    def default_companion_type(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id(
                'crm_vertical_medical', 'relation_type_companion')
        except KeyError:
            return None
