# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Patients grouped by disease and the educational messages of a group."""
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.crm_fin.tools import company_independent
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction


class DiseaseGroup(DeactivableMixin, ModelSQL, ModelView):
    "Disease Group"
    __name__ = 'medical.disease.group'
    __string__ = "Disease Group"
    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code")
    patients = fields.Many2Many(
        'medical.patient-disease.group', 'group', 'patient', "Patients",
        domain=[('is_patient', '=', True)])
    messages = fields.One2Many(
        'medical.education.message', 'group', "Educational Messages")
    patient_count = fields.Function(
        fields.Integer("Patients"), 'get_patient_count')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def get_patient_count(cls, groups, name):
        from sql.aggregate import Count
        pool = Pool()
        Rel = pool.get('medical.patient-disease.group')
        rel = Rel.__table__()
        cursor = Transaction().connection.cursor()
        result = dict.fromkeys([g.id for g in groups], 0)
        cursor.execute(*rel.select(rel.group, Count(rel.id),
                where=rel.group.in_(list(result)),
                group_by=[rel.group]))
        result.update(cursor)
        return result


class PatientDiseaseGroup(ModelSQL):
    "Patient - Disease Group"
    __name__ = 'medical.patient-disease.group'
    __string__ = "Patient - Disease Group"
    patient = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='CASCADE')
    group = fields.Many2One(
        'medical.disease.group', "Group", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('patient_group_unique', Unique(t, t.patient, t.group),
                'crm_vertical_medical.msg_patient_group_unique'),
            ]


class EducationMessage(Workflow, ModelSQL, ModelView):
    """Educational Message

    Sent once to every patient of a disease group on its date by the
    scheduled action, as an alarm with an SMS text (queued by crm_telephony
    when installed).  A patient receives at most one educational message a
    day."""
    __name__ = 'medical.education.message'
    __string__ = "Educational Message"
    group = fields.Many2One(
        'medical.disease.group', "Disease Group", required=True,
        ondelete='CASCADE',
        states={'readonly': Eval('state') != 'planned'})
    date = fields.Date(
        "Date", required=True,
        states={'readonly': Eval('state') != 'planned'})
    text = fields.Text(
        "Text", required=True,
        states={'readonly': Eval('state') != 'planned'},
        help="Placeholders: ${patient}, ${group}.")
    state = fields.Selection([
            ('planned', "Planned"),
            ('sent', "Sent"),
            ], "State", readonly=True, required=True)
    sent_count = fields.Integer("Sent", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('planned', 'sent')}

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    @Workflow.transition('sent')
    def _mark_sent(cls, messages):
        pass

    @classmethod
    @company_independent
    def send_due(cls, date=None):
        "Raise the alarms of the planned messages due by date (idempotent)"
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Date = pool.get('ir.date')
        if date is None:
            date = Date.today()
        messages = cls.search([
                ('state', '=', 'planned'),
                ('date', '<=', date),
                ], order=[('date', 'ASC'), ('id', 'ASC')])
        created = []
        for message in messages:
            values = [{
                    'message': 'crm_vertical_medical.msg_alarm_education',
                    'description_message': '%s:text' % message,
                    'sms_message': '%s:text' % message,
                    'params': {
                        'group': message.group,
                        'patient': patient,
                        },
                    'origin': patient,
                    'kind': 'medical_education',
                    'date': date,
                    'party': patient.id,
                    } for patient in message.group.patients]
            alarms = Alarm.raise_alarms(values)
            created.extend(alarms)
            message.sent_count = len(alarms)
        cls.save(messages)
        cls._mark_sent(messages)
        return created
