"""Demo data of crm_vertical_medical: a doctor seeing patients every day
but Friday, patients with a companion, a disease group with an educational
message and appointments for the next days."""
import datetime
import zoneinfo

from proteus import Model

from demo import admin_joins, role_user
from demo.names import name, translate_texts

from trytond.modules.crm_fin.tests.tools import company_today


def setup(config):
    today = company_today()
    Party = Model.get('party.party')
    Configuration = Model.get('medical.configuration')
    admin = admin_joins("Clinic Staff")
    clinic = Configuration(1)
    clinic.save()
    translate_texts('medical.configuration', {
            'reminder_text': 'crm_vertical_medical.msg_default_reminder_text'})

    mother = Party(name=name("Zahra Rezaei"))
    mother.save()
    patients = []
    for patient in ["Ali Rezaei", "Maryam Hosseini", "Hossein Rahimi"]:
        party, = Party.find([('name', '=', name(patient))])
        party.is_patient = True
        if patient == "Ali Rezaei":
            party.relations.new(type=clinic.companion_type, to=mother)
        party.save()
        patients.append(party)
    DiseaseGroup = Model.get('medical.disease.group')
    diabetes = DiseaseGroup(name=name("Diabetes"))
    diabetes.patients.extend([Party(patients[0].id), Party(patients[2].id)])
    diabetes.save()
    Message = Model.get('medical.education.message')
    Message(group=diabetes, date=today + datetime.timedelta(days=3),
        text="${patient} عزیز، روزی ۳۰ دقیقه پیاده‌روی کنید. "
        "(${group})").save()

    Doctor = Model.get('medical.doctor')
    doctor = Doctor(party=Party(name=name("Dr. Karimi")),
        specialty=name("Internal"),
        slot_minutes=20, user=admin)
    doctor.party.save()
    for weekday in ['0', '1', '2', '3', '5', '6']:  # not on Friday
        doctor.schedules.new(weekday=weekday,
            start_time=datetime.time(9), end_time=datetime.time(13))
    doctor.save()

    Appointment = Model.get('medical.appointment')
    # the schedules' hours are the clinic's (the company's time zone), an
    # appointment's start is stored in UTC
    company, = Model.get('company.company').find([])
    timezone = zoneinfo.ZoneInfo(company.timezone or 'UTC')
    day = today + datetime.timedelta(days=1)
    while day.weekday() == 4:
        day += datetime.timedelta(days=1)
    for i, patient in enumerate(patients):
        start = datetime.datetime.combine(
            day, datetime.time(9 + i), tzinfo=timezone).astimezone(
            datetime.timezone.utc).replace(tzinfo=None)
        appointment = Appointment(doctor=doctor, patient=patient,
            start=start, reason=name("Check-up"))
        appointment.save()
        if i == 0:
            appointment.click('confirm')

    # The on-call doctor sees patients all day: one is booked for the next
    # free slot of today (unless the day is over)
    on_call = Doctor(party=Party(name=name("Dr. Nazari")),
        specialty=name("General"),
        slot_minutes=30, user=admin)
    on_call.party.save()
    for weekday in range(7):
        on_call.schedules.new(weekday=str(weekday),
            start_time=datetime.time(0), end_time=datetime.time(23, 30))
    on_call.save()
    now = datetime.datetime.now() + datetime.timedelta(minutes=5)
    start = now.replace(second=0, microsecond=0) + datetime.timedelta(
        minutes=30 - now.minute % 30)
    local = start.replace(tzinfo=datetime.timezone.utc).astimezone(timezone)
    if local.date() == today and local.time() < datetime.time(23):
        appointment = Appointment(doctor=on_call, patient=patients[1],
            start=start, reason=name("Blood test"))
        appointment.save()

    role_user('clinic', name("Mina Paziresh"), ['Clinic Staff'],
        'clinic-demo-2026')
