"""Demo data of crm_telephony: mobiles in E.164, the admin's extension,
a webhook token, SMS templates, a call log and (with project) a task."""
import datetime

from proteus import Model

from demo import activated


def configure(birthday, reminder):
    """The admin's extension 101, the webhook token and the SMS templates
    (name, text) of birthdays and payment reminders; returns the admin"""
    User = Model.get('res.user')
    admin, = User.find([('login', '=', 'admin')])
    admin.phone_extension = '101'
    admin.save()

    Configuration = Model.get('crm.telephony.configuration')
    telephony = Configuration(1)
    telephony.webhook_token = 'demo-webhook-token'
    telephony.ami_host = '127.0.0.1'
    Template = Model.get('crm.sms.template')
    template = Template(name=birthday[0], kind='greeting', text=birthday[1])
    template.save()
    Template(name=reminder[0], kind='payment_reminder',
        text=reminder[1]).save()
    telephony.birthday_template = template
    telephony.save()
    return admin


def setup(config):
    today = datetime.date.today()
    Party = Model.get('party.party')
    admin = configure(
        ("Birthday", "${name} عزیز، تولدتان مبارک! ${company}"),
        ("Payment reminder", "${name} گرامی، قسط شما به مبلغ ${amount} در "
            "${date} سررسید می‌شود."))

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
