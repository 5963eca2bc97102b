"""Demo data of crm_telephony: mobiles in E.164, the admin's extension,
a random webhook token (read it as the administrator in Telephony
Configuration), SMS templates, a call log and (with project) a task."""
import datetime
import secrets

from proteus import Model

from demo import activated
from demo.names import name

from trytond.modules.crm_fin.tests.tools import company_today


def configure(config):
    """The admin's extension 101, a random webhook token and the SMS
    templates of birthdays and payment reminders in English, Persian and
    Polish; returns the admin (the Polish demo shares it)"""
    User = Model.get('res.user')
    admin, = User.find([('login', '=', 'admin')])
    admin.phone_extension = '101'
    admin.save()

    Configuration = Model.get('crm.telephony.configuration')
    telephony = Configuration(1)
    telephony.webhook_token = secrets.token_urlsafe(24)
    telephony.ami_host = '127.0.0.1'
    Template = Model.get('crm.sms.template')
    # The texts in English, Persian and Polish: each customer gets them in
    # their language (the Persian demo writes its names in Persian)
    birthday = Template(name=name("Birthday"), kind='greeting',
        text="Happy birthday, ${name}! ${company}")
    birthday.save()
    reminder = Template(name=name("Payment reminder"),
        kind='payment_reminder',
        text="Dear ${name}, your installment of ${amount} is due on "
        "${date}.")
    reminder.save()
    for code, texts in [
            ('fa', ["${name} عزیز، تولدتان مبارک! ${company}",
                    "${name} گرامی، قسط شما به مبلغ ${amount} در ${date} "
                    "سررسید می‌شود."]),
            ('pl', ["Wszystkiego najlepszego z okazji urodzin, ${name}! "
                    "${company}",
                    "Dzień dobry, ${name}! Przypominamy, że rata w kwocie "
                    "${amount} jest płatna ${date}."]),
            ]:
        with config.set_context(language=code):
            for template, text in zip([birthday, reminder], texts):
                template = Template(template.id)
                template.text = text
                template.save()
    telephony.birthday_template = birthday
    telephony.save()
    return admin


def setup(config):
    today = company_today()
    Party = Model.get('party.party')
    admin = configure(config)

    Communication = Model.get('crm.communication')
    people = Party.find([('name', 'in', [name(n) for n in [
                        "Ali Rezaei", "Maryam Hosseini", "Reza Karimi",
                        "Zahra Ahmadi", "Mohammad Moradi"]])])
    for i, party in enumerate(people):
        party.contact_mechanisms.new(type='mobile',
            value='0912%07d' % (1234560 + i))
        party.save()
        Communication(party=party, kind='call', direction='incoming',
            number=party.mobile, user=admin,
            subject=name("Price of laptops"),
            date=today - datetime.timedelta(days=i * 9)).save()
    for organisation in ["Pars Pakhsh Co.", "Arian Tejarat Co."]:
        for party in Party.find([('name', '=', name(organisation))]):
            party.party_type = 'organization'
            party.save()

    if not activated('project'):
        return
    Work = Model.get('project.work')
    task = Work(name=name("Send the new price list to Ali Rezaei"),
        type='task')
    task.task_party, = Party.find([('name', '=', name("Ali Rezaei"))])
    task.save()
