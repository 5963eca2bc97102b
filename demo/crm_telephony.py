"""Demo data of crm_telephony: mobiles in E.164, the admin's extension,
a random webhook token (read it as the administrator in Telephony
Configuration), SMS templates, a call log and (with project) a task."""
import datetime
import secrets

from proteus import Model

from demo import activated


def setup(config):
    today = datetime.date.today()
    Party = Model.get('party.party')
    User = Model.get('res.user')
    admin, = User.find([('login', '=', 'admin')])
    admin.phone_extension = '101'
    admin.save()

    Configuration = Model.get('crm.telephony.configuration')
    telephony = Configuration(1)
    telephony.webhook_token = secrets.token_urlsafe(24)
    telephony.ami_host = '127.0.0.1'
    Template = Model.get('crm.sms.template')
    birthday = Template(name="Birthday", kind='greeting',
        text="${name} عزیز، تولدتان مبارک! ${company}")
    birthday.save()
    Template(name="Payment reminder", kind='payment_reminder',
        text="${name} گرامی، قسط شما به مبلغ ${amount} در ${date} "
        "سررسید می‌شود.").save()
    telephony.birthday_template = birthday
    telephony.save()

    Communication = Model.get('crm.communication')
    people = Party.find([('name', 'in', [
                    "Ali Rezaei", "Maryam Hosseini", "Reza Karimi",
                    "Zahra Ahmadi", "Mohammad Moradi"])])
    for i, party in enumerate(people):
        party.contact_mechanisms.new(type='mobile',
            value='0912%07d' % (1234560 + i))
        party.save()
        Communication(party=party, kind='call', direction='incoming',
            number=party.mobile, user=admin, subject="Price of laptops",
            date=today - datetime.timedelta(days=i * 9)).save()
    for name in ["Pars Pakhsh Co.", "Arian Tejarat Co."]:
        for party in Party.find([('name', '=', name)]):
            party.party_type = 'organization'
            party.save()

    if not activated('project'):
        return
    Work = Model.get('project.work')
    task = Work(name="Send the new price list to Ali Rezaei", type='task')
    task.task_party, = Party.find([('name', '=', "Ali Rezaei")])
    task.save()
