# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Doctors of a company and their weekly schedules."""
import datetime

from sql import Null
from sql.aggregate import Min

from trytond import backend
from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
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
        domain=[('party_type', '=', 'person')],
        context={'company': Eval('company', -1)}, depends={'company'})
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
        migrate = (backend.TableHandler.table_exist(cls._table)
            and not cls.__table_handler__(module).column_exist('company'))
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
