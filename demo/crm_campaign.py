# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Demo data of crm_campaign: customers' addresses in Tehran and Isfahan
(province, city, district from the lists), the CEO of the two companies,
a segment "CEOs in Tehran and Isfahan", a Nowruz letter, a draft SMS
campaign and the first dunning rung printed as a letter."""
from proteus import Model

from demo import activated, loaded_language
from demo.names import name


def setup(config):
    Party = Model.get('party.party')
    Subdivision = Model.get('country.subdivision')
    District = Model.get('crm.district')
    tehran, = Subdivision.find([('name', '=', 'Tehran'),
            ('type', '=', 'city')])
    isfahan, = Subdivision.find([('name', '=', 'Isfahan'),
            ('type', '=', 'city')])
    # in the demo's script: Persian addresses for the Persian demo
    streets = [name(s) for s in ["Valiasr St. 120", "Chaharbagh Abbasi St. 8",
        "Enghelab Sq. 14", "Nazar Sharghi St. 33", "Motahari St. 71"]]
    parties = Party.find([], order=[('id', 'ASC')])
    people = [p for p in parties if p.party_type == 'person'
        and p.name != "Tolou Trading Co."]
    for i, party in enumerate(people[:10]):
        city = tehran if i % 2 == 0 else isfahan
        district, = District.find([('city', '=', city.id),
                ('name', '=', 'District %s' % (i + 1))])
        address = party.addresses[0] if party.addresses else (
            party.addresses.new())
        address.city_subdivision = city
        # the list filled the city in the administrator's language
        address.city = name(city.name)
        address.district = district
        address.street = streets[i % len(streets)]
        address.postal_code = '%s%08d' % (14 if city == tehran else 81, i)
        party.save()

    organizations = [p for p in parties if p.party_type == 'organization']
    for organization, person in zip(organizations, people[:2]):
        address = organization.addresses[0]
        address.city_subdivision = tehran
        address.city = name(tehran.name)
        address.street = name("Mirdamad Blvd. 200")
        organization.save()
        person.positions.new(title="CEO", organization=organization,
            contact_person=True)
        person.save()

    Segment = Model.get('crm.segment')
    segment = Segment(name=name("CEOs in Tehran and Isfahan"), job_title="CEO")
    segment.regions.extend([Subdivision(tehran.parent.id),
            Subdivision(isfahan.parent.id)])
    segment.save()
    Segment(name=name("No contact for 90 days"), no_contact_days=90).save()

    persian = loaded_language('fa')
    Template = Model.get('crm.letter.template')
    template = Template(name="تبریک نوروز", language=persian,
        subject="تبریک سال نو",
        body="${contact} گرامی،\n\nفرا رسیدن نوروز را به شما و همکارانتان "
        "در ${organization} تبریک می‌گوییم.\n\nبا احترام،\n${company}")
    template.save()
    Letter = Model.get('crm.letter')
    Letter(name=name("Nowruz"), template=template, segment=segment).save()

    Configuration = Model.get('crm.campaign.configuration')
    configuration = Configuration(1)
    configuration.delivery_token = 'demo-delivery-token'
    configuration.save()
    Campaign = Model.get('crm.campaign')
    Campaign(name=name("Nowruz sale"), segment=segment, kind='promo',
        text="${name} عزیز، تخفیف ویژهٔ نوروز تا پایان فروردین!").save()

    if activated('account_dunning_letter'):
        Procedure = Model.get('account.dunning.procedure')
        for procedure in Procedure.find([]):
            if procedure.levels:
                level = procedure.levels[0]
                level.print_on_letter = True
                procedure.save()
