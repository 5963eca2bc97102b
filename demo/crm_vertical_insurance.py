"""Demo data of crm_vertical_insurance: an insurer, policy types, active
policies of the customers (one ending within its renewal period) and an
insurance agent."""
import datetime
from decimal import Decimal

from proteus import Model

from demo import admin_joins


def setup(config):
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    Party = Model.get('party.party')
    admin = admin_joins("Insurance Agent")

    insurer = Party(name="Iran Insurance", party_type='organization')
    insurer.save()
    PolicyType = Model.get('insurance.policy.type')
    car = PolicyType(name="Car", renewal_days=30)
    home = PolicyType(name="Home", renewal_days=20)
    PolicyType.save([car, home])

    Policy = Model.get('insurance.policy')
    for i, (name, type_, ends, premium) in enumerate([
                ("Ali Rezaei", car, 25, '12500000'),
                ("Maryam Hosseini", car, 200, '9800000'),
                ("Reza Karimi", home, 90, '4200000'),
                ("Zahra Ahmadi", home, 12, '3600000'),
                ]):
        party, = Party.find([('name', '=', name)])
        policy = Policy(number='%s-%04d' % (type_.name.upper(), 1001 + i),
            type=type_, insurer=insurer, holder=party, insured=party,
            agent=admin, start_date=today + (ends - 365) * day,
            end_date=today + ends * day, premium=Decimal(premium))
        policy.save()
        policy.click('activate')
