# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Clinic edition: patients grouped by disease, doctors with their weekly
schedule, companions (party relations) and medical documents."""
import datetime

from sql import Null
from sql.aggregate import Min

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSingleton, ModelSQL, ModelView, Unique, Workflow,
    fields)
from trytond.modules.crm_fin.tools import company_independent, render
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ScheduleError

WEEKDAYS = [
    ('0', "Monday"),
    ('1', "Tuesday"),
    ('2', "Wednesday"),
    ('3', "Thursday"),
    ('4', "Friday"),
    ('5', "Saturday"),
    ('6', "Sunday"),
    ]


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Clinic Configuration"
    __name__ = 'medical.configuration'
    __string__ = "Clinic Configuration"
    reminder_text = fields.Text(
        "Appointment Day SMS", translate=True,
        help="Sent on the appointment day. Placeholders: ${patient}, "
        "${doctor}, ${time}, ${company}.")
    companion_type = fields.Many2One(
        'party.relation.type', "Companion Relation",
        help="The relation from a patient to the family member who "
        "accompanies them.")

    @classmethod
    def default_reminder_text(cls):
        return gettext('crm_vertical_medical.msg_default_reminder_text')

    @classmethod
    def default_companion_type(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id(
                'crm_vertical_medical', 'relation_type_companion')
        except KeyError:
            return None


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
                    'name': gettext(
                        'crm_vertical_medical.msg_alarm_education',
                        group=message.group.rec_name,
                        patient=patient.rec_name),
                    'origin': patient,
                    'kind': 'medical_education',
                    'date': date,
                    'party': patient.id,
                    'description': message.text,
                    'sms_text': render(message.text,
                        patient=patient.name, group=message.group.name),
                    } for patient in message.group.patients]
            alarms = Alarm.raise_alarms(values)
            created.extend(alarms)
            message.sent_count = len(alarms)
        cls.save(messages)
        cls._mark_sent(messages)
        return created


class Doctor(DeactivableMixin, ModelSQL, ModelView):
    """Doctor

    A doctor works for a company (its clinic): the appointments made with
    him, by the staff or on the club portal, are the company's, in its
    time zone."""
    __name__ = 'medical.doctor'
    __string__ = "Doctor"
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='RESTRICT',
        domain=[('party_type', '=', 'person')])
    user = fields.Many2One(
        'res.user', "User",
        help="Receives the alarms of the doctor's appointments.")
    specialty = fields.Char("Specialty", translate=True)
    slot_minutes = fields.Integer(
        "Slot Length", required=True,
        domain=[('slot_minutes', '>', 0)],
        help="Length of one appointment slot, in minutes.")
    schedules = fields.One2Many(
        'medical.doctor.schedule', 'doctor', "Weekly Schedule")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('party_unique', Unique(t, t.party),
                'crm_vertical_medical.msg_doctor_party_unique'),
            ]

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Appointment = pool.get('medical.appointment')
        Company = pool.get('company.company')
        table_h = cls.__table_handler__(module)
        migrate = not table_h.column_exist('company')
        super().__register__(module)
        if migrate:
            # Migration: the doctors of the company of their appointments,
            # else of the first company
            cursor = Transaction().connection.cursor()
            table = cls.__table__()
            appointment = Appointment.__table__()
            company = Company.__table__()
            cursor.execute(*table.update([table.company], [
                        appointment.select(appointment.company,
                            where=appointment.doctor == table.id,
                            limit=1)],
                    where=table.company == Null))
            cursor.execute(*table.update([table.company], [
                        company.select(Min(company.id))],
                    where=table.company == Null))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_slot_minutes(cls):
        return 15

    def get_rec_name(self, name):
        return self.party.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name',) + tuple(clause[1:])]

    @property
    def slot(self):
        return datetime.timedelta(minutes=self.slot_minutes)

    def schedule_of(self, start, end):
        """Return the schedule of the local start..end span, or None.

        The span must lie in one schedule of its weekday and start on the
        slot grid counted from the schedule's start."""
        weekday = str(start.weekday())
        for schedule in self.schedules:
            if schedule.weekday != weekday or end.date() != start.date():
                continue
            if not (schedule.start_time <= start.time()
                    and end.time() <= schedule.end_time):
                continue
            begin = datetime.datetime.combine(
                start.date(), schedule.start_time)
            if (start - begin) % self.slot:
                continue
            return schedule

    def free_slots(self, date, taken=()):
        "Local start times of the free slots of a day"
        weekday = str(date.weekday())
        result = []
        for schedule in self.schedules:
            if schedule.weekday != weekday:
                continue
            start = datetime.datetime.combine(date, schedule.start_time)
            stop = datetime.datetime.combine(date, schedule.end_time)
            while start + self.slot <= stop:
                if start not in taken:
                    result.append(start)
                start += self.slot
        return sorted(result)


class DoctorSchedule(ModelSQL, ModelView):
    "Doctor Schedule"
    __name__ = 'medical.doctor.schedule'
    __string__ = "Doctor Schedule"
    doctor = fields.Many2One(
        'medical.doctor', "Doctor", required=True, ondelete='CASCADE')
    weekday = fields.Selection(WEEKDAYS, "Day", required=True, sort=False)
    start_time = fields.Time("From", required=True)
    end_time = fields.Time("To", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('weekday', 'ASC'), ('start_time', 'ASC'), ('id', 'ASC')]

    @classmethod
    def validate_fields(cls, schedules, field_names):
        super().validate_fields(schedules, field_names)
        for schedule in schedules:
            if schedule.end_time <= schedule.start_time:
                raise ScheduleError(gettext(
                        'crm_vertical_medical.msg_schedule_times',
                        doctor=schedule.doctor.rec_name))


class Document(ModelSQL, ModelView):
    """Medical Document

    Kept on the patient file; only the clinic staff group may read it."""
    __name__ = 'medical.document'
    __string__ = "Medical Document"
    _history = True
    patient = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='CASCADE',
        domain=[('is_patient', '=', True)])
    name = fields.Char("Name", required=True)
    date = fields.Date("Date", required=True)
    doctor = fields.Many2One('medical.doctor', "Doctor")
    description = fields.Text("Description")
    data = fields.Binary("File", filename='filename')
    filename = fields.Char("File Name")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    is_patient = fields.Boolean("Patient")
    disease_groups = fields.Many2Many(
        'medical.patient-disease.group', 'patient', 'group',
        "Disease Groups",
        states={'invisible': ~Eval('is_patient')})
    medical_documents = fields.One2Many(
        'medical.document', 'patient', "Medical Documents",
        states={'invisible': ~Eval('is_patient')})
    appointments = fields.One2Many(
        'medical.appointment', 'patient', "Appointments", readonly=True,
        states={'invisible': ~Eval('is_patient')})
    companions = fields.Function(fields.Many2Many(
            'party.party', None, None, "Companions",
            states={'invisible': ~Eval('is_patient')}),
        'get_companions')

    @classmethod
    def default_is_patient(cls):
        return False

    @classmethod
    def get_companions(cls, parties, name):
        "The family members related to each patient as companions"
        pool = Pool()
        Configuration = pool.get('medical.configuration')
        Relation = pool.get('party.relation')
        result = {p.id: [] for p in parties}
        type_ = Configuration(1).companion_type
        if not type_:
            return result
        relation = Relation.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*relation.select(relation.from_, relation.to,
                where=relation.from_.in_(list(result))
                & (relation.type == type_.id)))
        for from_, to in cursor:
            result[from_].append(to)
        return result

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/form/notebook/page[@id="medical"]', 'states', {
                    'invisible': ~Eval('is_patient'),
                    }),
            ]
