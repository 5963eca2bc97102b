# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime
import threading
import unittest

from trytond import backend
from trytond.exceptions import UserError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.crm_fin.tests.access import GroupAccessTestMixin
from trytond.modules.crm_fin.tests.crons import CronTestMixin
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, ModuleTestCase, activate_module, drop_db, with_transaction)
from trytond.transaction import Transaction


def next_weekday(weekday, days=7):
    "A date at least ``days`` ahead falling on weekday (Monday = 0)"
    date = datetime.date.today() + datetime.timedelta(days=days)
    return date + datetime.timedelta(days=(weekday - date.weekday()) % 7)


def setup_clinic(company):
    "A doctor on Mondays 09:00-12:00 with 20 minutes slots, two patients"
    pool = Pool()
    Party = pool.get('party.party')
    Doctor = pool.get('medical.doctor')
    party, ali, sara = Party.create([
            {'name': "Dr. Karimi"},
            {'name': "Ali", 'is_patient': True},
            {'name': "Sara", 'is_patient': True},
            ])
    doctor, = Doctor.create([{
                'party': party.id,
                'slot_minutes': 20,
                'schedules': [('create', [{
                                'weekday': '0',
                                'start_time': datetime.time(9),
                                'end_time': datetime.time(12),
                                }])],
                }])
    return doctor, ali, sara


class CrmVerticalMedicalTestCase(
        CronTestMixin, GroupAccessTestMixin, SaoViewTestMixin,
        TranslationTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test crm_vertical_medical module"
    module = 'crm_vertical_medical'
    extras = ['crm_club', 'crm_telephony']

    def _book(self, company, doctor, patient, start, slots=1):
        Appointment = Pool().get('medical.appointment')
        appointment, = Appointment.create([{
                    'company': company.id,
                    'doctor': doctor.id,
                    'patient': patient.id,
                    'start': start,
                    'slots': slots,
                    }])
        return appointment

    @with_transaction()
    def test_double_booking_refused(self):
        "An appointment overlapping another of the doctor is refused"
        pool = Pool()
        Appointment = pool.get('medical.appointment')
        company = create_company()
        with set_company(company):
            doctor, ali, sara = setup_clinic(company)
            monday = next_weekday(0)
            nine = datetime.datetime.combine(monday, datetime.time(9))
            first = self._book(company, doctor, ali, nine, slots=2)
            self.assertEqual(first.end, nine + datetime.timedelta(minutes=40))
            # 09:20 lies inside the first appointment's 2 slots
            with self.assertRaisesRegex(UserError, 'overlaps'):
                self._book(company, doctor, sara,
                    nine + datetime.timedelta(minutes=20))
            # 09:40 is free; cancelling frees the slots for someone else
            self._book(company, doctor, sara,
                nine + datetime.timedelta(minutes=40))
            Appointment.cancel([first])
            self._book(company, doctor, sara, nine)

    @with_transaction()
    def test_slot_unique_in_database(self):
        "The database itself refuses a second booking of a slot"
        pool = Pool()
        Slot = pool.get('medical.appointment.slot')
        company = create_company()
        with set_company(company):
            doctor, ali, sara = setup_clinic(company)
            nine = datetime.datetime.combine(
                next_weekday(0), datetime.time(9))
            first = self._book(company, doctor, ali, nine)
            # bypass the Python check: the UNIQUE (doctor, start) still holds
            with self.assertRaisesRegex(UserError, 'just been booked'):
                Slot.create([{
                            'appointment': first.id,
                            'doctor': doctor.id,
                            'start': nine,
                            }])

    @with_transaction()
    def test_outside_schedule_or_past(self):
        "Appointments outside the schedule, off the slot grid or past fail"
        company = create_company()
        with set_company(company):
            doctor, ali, _ = setup_clinic(company)
            monday = next_weekday(0)
            for start in [
                    # Tuesday
                    datetime.datetime.combine(
                        monday + datetime.timedelta(days=1),
                        datetime.time(9)),
                    # after hours, ends after 12:00, off the 20 min grid
                    datetime.datetime.combine(monday, datetime.time(13)),
                    datetime.datetime.combine(monday, datetime.time(11, 40)),
                    datetime.datetime.combine(monday, datetime.time(9, 10)),
                    ]:
                slots = 2 if start.time() == datetime.time(11, 40) else 1
                with self.assertRaisesRegex(UserError, 'outside'):
                    self._book(company, doctor, ali, start, slots)
            past = datetime.datetime.combine(
                next_weekday(0, days=-14), datetime.time(9))
            with self.assertRaisesRegex(UserError, 'past'):
                self._book(company, doctor, ali, past)

    @with_transaction()
    def test_schedule_end_after_start(self):
        "A schedule ending before it starts is refused"
        pool = Pool()
        Party = pool.get('party.party')
        Doctor = pool.get('medical.doctor')
        # a doctor is a company's: without one PostgreSQL's NOT NULL
        # refused the doctor's row before his schedule was checked (trytond
        # sets no NOT NULL on SQLite, where the schedule's check came first)
        company = create_company()
        party, = Party.create([{'name': "Dr. X"}])
        with self.assertRaisesRegex(UserError, 'end time'):
            Doctor.create([{
                        'company': company.id,
                        'party': party.id,
                        'schedules': [('create', [{
                                        'weekday': '1',
                                        'start_time': datetime.time(12),
                                        'end_time': datetime.time(9),
                                        }])],
                        }])

    @with_transaction()
    def test_free_slots(self):
        "The free slots of a day skip the booked ones"
        company = create_company()
        with set_company(company):
            doctor, ali, _ = setup_clinic(company)
            monday = next_weekday(0)
            nine = datetime.datetime.combine(monday, datetime.time(9))
            self._book(company, doctor, ali, nine)
            Appointment = Pool().get('medical.appointment')
            free = Appointment.portal_slots(doctor.id, monday)
            self.assertEqual(len(free), 8)  # 9 slots of 20 min, one booked
            self.assertNotIn(nine, free)
            self.assertEqual(free[0].time(), datetime.time(9, 20))

    @with_transaction()
    def test_portal_booking_company(self):
        """A booking on the portal is the doctor's company's, in its time
        zone, whatever company comes first in the database"""
        pool = Pool()
        Party = pool.get('party.party')
        first = create_company("Tolou Clinic")
        second = create_company("Klinika Warszawa")
        second.timezone = 'Europe/Warsaw'
        second.save()
        with set_company(second):
            doctor, ali, _ = setup_clinic(second)
            Party.write([ali], {'club_card_number': '6037991000012'})
        monday = next_weekday(0)
        nine = datetime.datetime.combine(monday, datetime.time(9))
        Appointment = pool.get('medical.appointment')
        with Transaction().set_context(company=first.id):
            self.assertEqual(Appointment.portal_slots(doctor.id, monday)[0],
                nine)
            appointment = Appointment.portal_book(ali, doctor.id, nine)
        self.assertEqual(appointment.company, second)
        # 09:00 in Warsaw is 08:00 or 07:00 UTC
        self.assertIn(appointment.start.time(),
            {datetime.time(8), datetime.time(7)})

    @with_transaction()
    def test_search_end(self):
        "The calendar finds appointments by their end (start + slots)"
        company = create_company()
        with set_company(company):
            doctor, ali, _ = setup_clinic(company)
            monday = next_weekday(0)
            nine = datetime.datetime.combine(monday, datetime.time(9))
            minutes = datetime.timedelta(minutes=1)
            appointment = self._book(company, doctor, ali, nine, slots=2)
            Appointment = Pool().get('medical.appointment')
            for clause, found in [
                    (('end', '=', nine + 40 * minutes), True),
                    (('end', '>', nine + 39 * minutes), True),
                    (('end', '>=', nine + 41 * minutes), False),
                    (('end', '<', nine + 41 * minutes), True),
                    (('end', '<=', nine + 39 * minutes), False),
                    (('end', '!=', nine + 40 * minutes), False),
                    ]:
                self.assertEqual(
                    Appointment.search([clause]) == [appointment], found,
                    clause)

    @with_transaction()
    def test_search_day(self):
        """An appointment's day is the company's (its time zone): 02:00 in
        Tehran is the day before in UTC"""
        company = create_company()
        company.timezone = 'Asia/Tehran'
        company.save()
        Appointment = Pool().get('medical.appointment')
        with set_company(company):
            doctor, ali, _ = setup_clinic(company)
            Pool().get('medical.doctor.schedule').write(
                list(doctor.schedules), {'start_time': datetime.time(0)})
            monday = next_weekday(0)
            # 02:00 local, stored as Sunday 22:30 UTC
            start = datetime.datetime.combine(monday, datetime.time(2)) - (
                datetime.timedelta(hours=3, minutes=30))
            appointment = self._book(company, doctor, ali, start)
            self.assertEqual(appointment.day, monday)
            day = datetime.timedelta(days=1)
            for clause, found in [
                    (('day', '=', monday), True),
                    (('day', '=', monday - day), False),
                    (('day', '!=', monday), False),
                    (('day', '>=', monday), True),
                    (('day', '>', monday - day), True),
                    (('day', '>', monday), False),
                    (('day', '<', monday), False),
                    (('day', '<=', monday), True),
                    (('day', 'in', [monday - day, monday]), True),
                    (('day', 'not in', [monday]), False),
                    ]:
                self.assertEqual(
                    Appointment.search([clause]) == [appointment], found,
                    clause)

    @with_transaction()
    def test_group_clinic_staff(self):
        "Clinic staff book and read the medical documents, CRM users not"
        self.assertGroupAccess('crm_vertical_medical.group_clinic_staff', {
                'medical.appointment': 'rwc',
                'medical.document': 'rwcd',
                'medical.doctor': 'rwc',
                'medical.configuration': 'r',
                }, menus={
                'crm_vertical_medical.menu_medical': True,
                'crm_vertical_medical.menu_document': True,
                'crm_vertical_medical.menu_configuration': False,
                }, exports={'medical.appointment': False})
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'medical.appointment': '',
                'medical.document': '',
                }, menus={'crm_vertical_medical.menu_medical': False})


@unittest.skipUnless(backend.name == 'postgresql',
    "parallel connections to one database need PostgreSQL")
class ParallelBookingTestCase(unittest.TestCase):
    "Two transactions book the same slot at the same time"

    @classmethod
    def setUpClass(cls):
        drop_db()
        # the modules of the other test cases: one pool per process
        activate_module(['crm_vertical_medical', 'crm_club', 'crm_telephony'])

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def test_parallel_booking_postgresql(self):
        "Of two parallel bookings of one slot exactly one is committed"
        with Transaction().start(DB_NAME, 0) as transaction:
            company = create_company()
            with set_company(company):
                doctor, ali, sara = setup_clinic(company)
            nine = datetime.datetime.combine(
                next_weekday(0), datetime.time(9))
            ids = company.id, doctor.id, ali.id, sara.id
            transaction.commit()
        company_id, doctor_id, ali_id, sara_id = ids
        barrier = threading.Barrier(2)
        results = {}

        def book(patient_id, hold):
            try:
                with Transaction().start(DB_NAME, 0, context={
                            'company': company_id}) as transaction:
                    Appointment = Pool().get('medical.appointment')
                    # both pass the Python check before either commits
                    barrier.wait(timeout=30)
                    Appointment.create([{
                                'company': company_id,
                                'doctor': doctor_id,
                                'patient': patient_id,
                                'start': nine,
                                }])
                    threading.Event().wait(hold)
                    transaction.commit()
                results[patient_id] = 'booked'
            except UserError as exception:
                results[patient_id] = exception.message
            except backend.DatabaseOperationalError as exception:
                results[patient_id] = 'retry: %s' % exception

        threads = [
            threading.Thread(target=book, args=(ali_id, 1)),
            threading.Thread(target=book, args=(sara_id, 0)),
            ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(
            sorted(r == 'booked' for r in results.values()), [False, True],
            results)
        loser = next(r for r in results.values() if r != 'booked')
        self.assertRegex(loser, 'booked')
        with Transaction().start(DB_NAME, 0) as transaction:
            Appointment = Pool().get('medical.appointment')
            self.assertEqual(Appointment.search([
                        ('doctor', '=', doctor_id),
                        ('start', '=', nine),
                        ], count=True), 1)


del ModuleTestCase
