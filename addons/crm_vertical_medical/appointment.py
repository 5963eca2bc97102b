# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Appointments by doctor and time, without double booking.

Every appointment occupies one or more slots of its doctor's slot grid;
each slot is a row of ``medical.appointment.slot`` and the pair (doctor,
slot start) is UNIQUE in the database.  Two overlapping appointments of one
doctor always share a slot start (both lie on the grid of the schedule), so
the second insert fails in the database itself, on SQLite as on PostgreSQL
and whatever the number of trytond processes: under concurrent requests the
second transaction waits for the first and gets the "already booked"
error.  The check in Python before is only there to name the other
appointment in the message."""
import datetime
import operator as _operator
from zoneinfo import ZoneInfo

from sql.aggregate import Max

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.crm_fin.tools import (
    for_each_company, format_date, lock_rows)
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access

from .exceptions import AppointmentError, BookingError

ACTIVE = {'booked', 'confirmed', 'done', 'no_show'}
_COMPARE = {
    '=': _operator.eq, '!=': _operator.ne, '<': _operator.lt,
    '<=': _operator.le, '>': _operator.gt, '>=': _operator.ge,
    }


def _timezone(company):
    return ZoneInfo(company.timezone if company and company.timezone
        else 'UTC')


def to_local(value, company):
    "Naive UTC datetime (as stored) to naive local time of the company"
    return value.replace(tzinfo=datetime.timezone.utc).astimezone(
        _timezone(company)).replace(tzinfo=None)


def to_utc(value, company):
    "Naive local time of the company to naive UTC datetime (as stored)"
    return value.replace(tzinfo=_timezone(company)).astimezone(
        datetime.timezone.utc).replace(tzinfo=None)


class Appointment(Workflow, ModelSQL, ModelView):
    "Appointment"
    __name__ = 'medical.appointment'
    __string__ = "Appointment"
    _history = True
    _states = {'readonly': Eval('state') != 'booked'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    doctor = fields.Many2One(
        'medical.doctor', "Doctor", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))],
        context={'company': Eval('company', -1)}, depends={'company'})
    patient = fields.Many2One(
        'party.party', "Patient", required=True, states=_states,
        domain=[('is_patient', '=', True)],
        context={'company': Eval('company', -1)}, depends={'company'})
    companion = fields.Many2One(
        'party.party', "Companion", states=_states,
        domain=[If(Eval('patient'),
                ('id', 'in', Eval('patient_companions', [])),
                ())],
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The family member who accompanies the patient.")
    patient_companions = fields.Function(fields.Many2Many(
            'party.party', None, None, "Patient Companions",
            context={'company': Eval('company', -1)}, depends={'company'}),
        'on_change_with_patient_companions')
    start = fields.DateTime("Start", required=True, states=_states)
    slots = fields.Integer(
        "Slots", required=True, states=_states,
        domain=[('slots', '>', 0)],
        help="Number of consecutive slots of the doctor.")
    end = fields.Function(fields.DateTime("End"), 'on_change_with_end',
        searcher='search_end')
    date_display = fields.Function(
        fields.Char("Date"), 'get_date_display')
    day = fields.Function(fields.Date("Day",
            help="The day of the start in the company's time zone."),
        'get_day', searcher='search_day')
    reason = fields.Text("Reason")
    state = fields.Selection([
            ('booked', "Booked"),
            ('confirmed', "Confirmed"),
            ('done', "Done"),
            ('no_show', "No Show"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')
    booked_by = fields.Selection([
            ('staff', "Staff"),
            ('portal', "Club Portal"),
            ], "Booked By", readonly=True, required=True)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._order = [('start', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(Index(t, (t.start, Index.Range())))
        cls._transitions |= {
            ('booked', 'confirmed'),
            ('booked', 'cancelled'),
            ('confirmed', 'cancelled'),
            ('confirmed', 'done'),
            ('confirmed', 'no_show'),
            ('booked', 'no_show'),
            }
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'booked',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'confirmed',
                    'depends': ['state'],
                    },
                'no_show': {
                    'invisible': ~Eval('state').in_(['booked', 'confirmed']),
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['booked', 'confirmed']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_slots(cls):
        return 1

    @classmethod
    def default_state(cls):
        return 'booked'

    @classmethod
    def default_booked_by(cls):
        return 'staff'

    @fields.depends('start', 'slots', 'doctor')
    def on_change_with_end(self, name=None):
        if self.start and self.slots and self.doctor:
            return self.start + self.doctor.slot * self.slots

    @classmethod
    def search_end(cls, name, clause):
        """End = start + slots x the doctor's slot: the longest appointment
        bounds the start to search, the end is then compared exactly (the
        calendar asks for the appointments ending after its first day)"""
        pool = Pool()
        Doctor = pool.get('medical.doctor')
        _, operator, value = clause[:3]
        if value is None or operator not in _COMPARE:
            return [('start',) + tuple(clause[1:])]
        appointment = cls.__table__()
        doctor = Doctor.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*appointment.join(doctor,
                condition=appointment.doctor == doctor.id).select(
                Max(appointment.slots * doctor.slot_minutes)))
        longest, = cursor.fetchone()
        longest = datetime.timedelta(minutes=longest or 0)
        if operator in {'>', '>='}:
            domain = [('start', operator, value - longest)]
        elif operator in {'<', '<='}:
            domain = [('start', operator, value)]
        elif operator == '=':
            domain = [('start', '>=', value - longest), ('start', '<=', value)]
        else:
            domain = []
        compare = _COMPARE[operator]
        return [('id', 'in', [a.id for a in cls.search(domain)
                    if a.end is not None and compare(a.end, value)])]

    @fields.depends('patient')
    def on_change_with_patient_companions(self, name=None):
        if self.patient:
            return [c.id for c in self.patient.companions]
        return []

    def get_day(self, name):
        if self.start:
            return to_local(self.start, self.company).date()

    @classmethod
    def search_day(cls, name, clause):
        """The start between the midnights of the company's time zone (the
        context's, as its today): the homes' today and next days"""
        pool = Pool()
        Company = pool.get('company.company')
        _, operator, value = clause[:3]
        company_id = Transaction().context.get('company')
        company = (Company(company_id)
            if company_id is not None and company_id >= 0 else None)
        if value is None:
            return [('start', operator, None)]
        if operator == 'in':
            return ['OR'] + [cls.search_day(name, (name, '=', v))
                for v in value]
        if operator == 'not in':
            return [cls.search_day(name, (name, '!=', v)) for v in value]
        if operator not in _COMPARE:
            # a day is not text
            return [('id', '=', None)]

        def midnight(day):
            return to_utc(datetime.datetime.combine(day, datetime.time()),
                company)
        day = datetime.timedelta(days=1)
        return {
            '=': [('start', '>=', midnight(value)),
                ('start', '<', midnight(value + day))],
            '!=': ['OR', ('start', '<', midnight(value)),
                ('start', '>=', midnight(value + day))],
            '>=': [('start', '>=', midnight(value))],
            '>': [('start', '>=', midnight(value + day))],
            '<': [('start', '<', midnight(value))],
            '<=': [('start', '<', midnight(value + day))],
            }[operator]

    def get_date_display(self, name):
        local = to_local(self.start, self.company)
        return '%s %s' % (format_date(local.date()),
            local.strftime('%H:%M'))

    def get_rec_name(self, name):
        return '%s - %s - %s' % (
            self.patient.rec_name, self.doctor.rec_name, self.date_display)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('patient.rec_name', operator, value),
            ('doctor.rec_name', operator, value),
            ]

    def slot_starts(self):
        "The UTC starts of the slots the appointment occupies"
        return [self.start + self.doctor.slot * i for i in range(self.slots)]

    @classmethod
    def validate_fields(cls, appointments, field_names):
        super().validate_fields(appointments, field_names)
        if field_names is None or field_names & {
                'doctor', 'start', 'slots', 'state'}:
            cls.check_schedule(
                [a for a in appointments if a.state in {'booked'}])

    @classmethod
    def check_schedule(cls, appointments):
        "The appointment must be in the future and in the doctor's schedule"
        pool = Pool()
        Slot = pool.get('medical.appointment.slot')
        now = datetime.datetime.now()
        for appointment in appointments:
            if appointment.start < now:
                raise AppointmentError(gettext(
                        'crm_vertical_medical.msg_appointment_past',
                        appointment=appointment.rec_name))
            start = to_local(appointment.start, appointment.company)
            end = to_local(appointment.end, appointment.company)
            if not appointment.doctor.schedule_of(start, end):
                raise AppointmentError(gettext(
                        'crm_vertical_medical.msg_appointment_schedule',
                        appointment=appointment.rec_name,
                        doctor=appointment.doctor.rec_name))
            others = Slot.search([
                    ('doctor', '=', appointment.doctor.id),
                    ('start', 'in', appointment.slot_starts()),
                    ('appointment', '!=', appointment.id),
                    ], limit=1)
            if others:
                other, = others
                raise AppointmentError(gettext(
                        'crm_vertical_medical.msg_appointment_overlap',
                        appointment=appointment.rec_name,
                        other=other.appointment.rec_name))

    @classmethod
    def check_modification(
            cls, mode, appointments, values=None, external=False):
        """A user changes a booked appointment; afterwards only its reason
        (the buttons move it on)"""
        super().check_modification(
            mode, appointments, values=values, external=external)
        if external and mode in {'write', 'delete'}:
            changed = set(values or {}) - {'reason'}
            for appointment in appointments:
                if mode == 'delete':
                    refused = appointment.state not in {'booked', 'cancelled'}
                else:
                    refused = appointment.state != 'booked' and changed
                if refused:
                    raise AccessError(gettext(
                            'crm_vertical_medical.msg_appointment_modify',
                            appointment=appointment.rec_name,
                            state=appointment.state_string))

    @classmethod
    def create(cls, vlist):
        appointments = super().create(vlist)
        cls._sync_slots(appointments)
        return appointments

    @classmethod
    def write(cls, *args):
        super().write(*args)
        actions = iter(args)
        to_sync = []
        for records, values in zip(actions, actions):
            if values.keys() & {'doctor', 'start', 'slots', 'state'}:
                to_sync.extend(records)
        if to_sync:
            cls._sync_slots(cls.browse(to_sync))

    @classmethod
    def _sync_slots(cls, appointments):
        """Make the slot rows follow the appointments: the UNIQUE (doctor,
        start) of the slots refuses a double booking in the database.  The
        slots are written by the appointments only (users read them)."""
        pool = Pool()
        Slot = pool.get('medical.appointment.slot')
        with without_check_access():
            Slot.delete(Slot.search([
                        ('appointment', 'in', [a.id for a in appointments]),
                        ]))
            Slot.create([{
                        'appointment': a.id,
                        'doctor': a.doctor.id,
                        'start': start,
                        } for a in appointments if a.state in ACTIVE
                    for start in a.slot_starts()])

    @classmethod
    def copy(cls, appointments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('state', None)
        default.setdefault('booked_by', None)
        return super().copy(appointments, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, appointments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, appointments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('no_show')
    def no_show(cls, appointments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, appointments):
        "Cancelling frees the slots"

    @classmethod
    @for_each_company
    def raise_day_alarms(cls, date=None):
        """Raise an alarm (and its SMS) for every appointment of the day of
        the company; running it again the same day raises nothing new."""
        pool = Pool()
        Alarm = pool.get('crm.alarm')
        Configuration = pool.get('medical.configuration')
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        config = Configuration(1)
        company = Company(Transaction().context['company'])
        day = date or Date.today()
        begin = to_utc(datetime.datetime.combine(
                day, datetime.time()), company)
        appointments = cls.search([
                ('company', '=', company.id),
                ('state', 'in', ['booked', 'confirmed']),
                ('start', '>=', begin),
                ('start', '<', begin + datetime.timedelta(days=1)),
                ])
        values = []
        for appointment in appointments:
            values.append({
                    'message': 'crm_vertical_medical.msg_alarm_appointment',
                    'sms_message': '%s:reminder_text' % config,
                    'params': {
                        'appointment': appointment,
                        'patient': appointment.patient.name,
                        'doctor': appointment.doctor,
                        'time': to_local(appointment.start, company).time(),
                        'company': company,
                        },
                    'origin': appointment,
                    'kind': 'appointment_day',
                    'date': day,
                    'party': appointment.patient.id,
                    'user': (appointment.doctor.user.id
                        if appointment.doctor.user else None),
                    })
        return Alarm.raise_alarms(values)

    @classmethod
    def portal_horizon(cls):
        "The first and the last day a member may book online"
        pool = Pool()
        Configuration = pool.get('medical.configuration')
        Date = pool.get('ir.date')
        today = Date.today()
        return today, today + datetime.timedelta(
            days=Configuration(1).portal_days or 0)

    @classmethod
    def portal_slots(cls, doctor, date):
        "The free local slot starts of a doctor on a day"
        pool = Pool()
        Doctor = pool.get('medical.doctor')
        Slot = pool.get('medical.appointment.slot')
        doctor = Doctor(int(doctor))
        company = doctor.company
        first, last = cls.portal_horizon()
        if not first <= date <= last:
            return []
        begin = to_utc(datetime.datetime.combine(date, datetime.time()),
            company)
        taken = {to_local(s.start, company) for s in Slot.search([
                    ('doctor', '=', doctor.id),
                    ('start', '>=', begin),
                    ('start', '<', begin + datetime.timedelta(days=1)),
                    ])}
        now = to_local(datetime.datetime.now(), company)
        return [s for s in doctor.free_slots(date, taken) if s > now]

    @classmethod
    def portal_book(cls, member, doctor, start):
        """Book one slot (local start) of the doctor for a club member.

        Refused with a BookingError (the message names nobody else): beyond
        the booking horizon, over the member's open appointments, a taken
        time or a time outside the schedule."""
        pool = Pool()
        Configuration = pool.get('medical.configuration')
        Party = pool.get('party.party')
        Doctor = pool.get('medical.doctor')
        Slot = pool.get('medical.appointment.slot')
        doctor = Doctor(int(doctor))
        company = doctor.company
        config = Configuration(1)
        first, last = cls.portal_horizon()
        if not first <= start.date() <= last:
            raise BookingError(gettext(
                    'crm_vertical_medical.msg_portal_horizon',
                    days=config.portal_days))
        utc = to_utc(start, company)
        lock_rows(Party, [member])
        open_ = cls.search_count([
                ('patient', '=', member.id),
                ('state', 'in', ['booked', 'confirmed']),
                ('start', '>=', datetime.datetime.now()),
                ])
        if open_ >= config.portal_open:
            raise BookingError(gettext(
                    'crm_vertical_medical.msg_portal_open',
                    count=config.portal_open))
        if Slot.search([
                    ('doctor', '=', doctor.id),
                    ('start', '=', utc),
                    ], limit=1):
            raise BookingError(gettext(
                    'crm_vertical_medical.msg_portal_taken'))
        if not member.is_patient:
            Party.write([member], {'is_patient': True})
        try:
            appointment, = cls.create([{
                        'company': company.id,
                        'doctor': doctor.id,
                        'patient': member.id,
                        'start': utc,
                        'booked_by': 'portal',
                        }])
        except AppointmentError:
            raise BookingError(gettext(
                    'crm_vertical_medical.msg_portal_unavailable'))
        return appointment


class Slot(ModelSQL):
    "Appointment Slot"
    __name__ = 'medical.appointment.slot'
    __string__ = "Appointment Slot"
    appointment = fields.Many2One(
        'medical.appointment', "Appointment", required=True,
        ondelete='CASCADE')
    doctor = fields.Many2One(
        'medical.doctor', "Doctor", required=True, ondelete='CASCADE')
    start = fields.DateTime("Start", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('doctor_start_unique', Unique(t, t.doctor, t.start),
                'crm_vertical_medical.msg_slot_taken'),
            ]
        cls._sql_indexes.add(Index(t, (t.appointment, Index.Equality())))
