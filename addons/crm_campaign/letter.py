# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Bulk letters (mail merge) from a letter template.

A letter template is an ODT the user writes in LibreOffice (or the
default letterhead of the module, right to left for Persian) with
placeholders ``${name}`` (``PLACEHOLDERS``); its text may also be typed in
the template's *Text* field, which fills ``${body}``.  A bulk letter takes
the parties of a segment (with the user's record rules) and the ones added
by hand; *Print* numbers each letter from the letter sequence, addresses it
to the organisation's contact person (``letter_contact``: the staff member
with the segment's job title, else the contact person) or to the person,
logs a ``crm.communication`` of kind *letter* on the party and gives one
PDF with one letter per recipient.  Printing again gives the same letters
(same numbers); nothing is logged twice.

Dates are written in the reader's calendar: Jalali for a Persian template
or recipient (``crm_fin.tools.format_date``).
"""
import os

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.crm_fin.tools import format_date, render
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.transaction import Transaction

from . import odt
from .exceptions import LetterTemplateError

PLACEHOLDERS = [
    'number', 'date', 'subject', 'body', 'company', 'contact', 'honorific',
    'name', 'job_title', 'organization', 'party', 'address', 'street',
    'postal_code', 'city', 'province', 'district', 'country', 'addressee']
_REPORT_DIR = os.path.join(os.path.dirname(__file__), 'report')


def default_template(lang=None):
    "The module's letterhead: right to left for Persian"
    name = 'letter_fa.fodt' if (lang or '').startswith('fa') else 'letter.fodt'
    with open(os.path.join(_REPORT_DIR, name), 'rb') as fp:
        return fp.read()


def addressee(party, job_title=None):
    """Return (contact, organization, address) of a letter to the party:
    the person addressed, the organisation he is written to at (or None)
    and the postal address"""
    contact = party.letter_contact(job_title) or party
    organization = None
    if contact != party:
        organization = party
    else:
        current = [p for p in getattr(party, 'positions', [])
            if not p.end_date and p.organization]
        if current:
            organization = current[0].organization
    address = party.address_get()
    if not address and organization:
        address = organization.address_get()
    return contact, organization, address


def address_values(address, lang=None):
    "The placeholder values of an address, names in the reader's language"
    values = dict.fromkeys(
        ['street', 'postal_code', 'city', 'province', 'district', 'country'],
        '')
    if not address:
        return values
    with Transaction().set_context(language=lang or Transaction().language):
        address = address.__class__(address.id)
        values.update({
                'street': (address.street or '').strip(),
                'postal_code': address.postal_code or '',
                'city': (address.city_subdivision.name
                    if address.city_subdivision else address.city) or '',
                'province': (address.subdivision.name
                    if address.subdivision else ''),
                'district': address.district.name if address.district else '',
                'country': address.country.name if address.country else '',
                })
    return values


def address_lines(values, persian):
    """The lines of an address block: Persian order (province, city,
    district, street, postal code) or the Polish / European one (street,
    postal code and city)"""
    if persian:
        region = '، '.join(v for v in [
                values['province'], values['city'], values['district']] if v)
        postal = (gettext('crm_campaign.msg_postal_code',
                code=values['postal_code'])
            if values['postal_code'] else '')
        lines = [region, values['street'], postal]
    else:
        lines = [values['street'],
            ' '.join(v for v in [values['postal_code'], values['city']] if v),
            values['country']]
    return [line for line in lines if line]


def recipient_values(party, job_title=None, lang=None):
    "The placeholder values of the addressee of a letter to party"
    contact, organization, address = addressee(party, job_title)
    persian = (lang or '').startswith('fa')
    values = address_values(address, lang)
    values['address'] = '\n'.join(address_lines(values, persian))
    values.update({
            'contact': ' '.join(filter(None, [
                        getattr(contact, 'honorific', None), contact.name])),
            'honorific': getattr(contact, 'honorific', None) or '',
            'name': contact.name or '',
            'job_title': getattr(contact, 'job_title', None) or '',
            'organization': organization.name if organization else '',
            'party': party.rec_name,
            })
    values['addressee'] = '\n'.join(filter(None, [values['contact'],
                values['job_title'], values['organization'],
                values['address']]))
    with Transaction().set_context(language=lang or Transaction().language):
        values.update({
                'label_number': gettext('crm_campaign.msg_label_number'),
                'label_date': gettext('crm_campaign.msg_label_date'),
                'label_subject': gettext('crm_campaign.msg_label_subject'),
                })
    return contact, address, values


class LetterTemplate(DeactivableMixin, ModelSQL, ModelView):
    "Letter Template"
    __name__ = 'crm.letter.template'
    __string__ = "Letter Template"
    name = fields.Char("Name", required=True)
    language = fields.Many2One(
        'ir.lang', "Language", required=True,
        domain=[('translatable', '=', True)],
        help="The language of the letters: dates, names of places and "
        "the default letterhead (right to left for Persian).")
    subject = fields.Char("Subject")
    body = fields.Text(
        "Text",
        help="Fills ${body} of the document. Placeholders: ${contact}, "
        "${name}, ${honorific}, ${job_title}, ${organization}, ${address}, "
        "${province}, ${city}, ${district}, ${street}, ${postal_code}, "
        "${date}, ${number}, ${company}.")
    template = fields.Binary(
        "Document", filename='template_filename',
        help="An ODT written in LibreOffice with ${...} placeholders; "
        "empty for the default letterhead.")
    template_filename = fields.Char("File Name")

    @classmethod
    def default_language(cls):
        pool = Pool()
        Lang = pool.get('ir.lang')
        code = Transaction().language
        langs = Lang.search([('code', '=', code)], limit=1)
        return langs[0].id if langs else None

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        if field_names and 'template' not in field_names:
            return
        for template in templates:
            if template.template:
                try:
                    odt.merge(template.template, [{}])
                except odt.TemplateError:
                    raise LetterTemplateError(gettext(
                            'crm_campaign.msg_letter_template_invalid',
                            template=template.rec_name))

    def get_document(self):
        return self.template or default_template(self.language.code)


class Letter(Workflow, ModelSQL, ModelView):
    "Bulk Letter"
    __name__ = 'crm.letter'
    __string__ = "Bulk Letter"
    _readonly = {'readonly': Eval('state') != 'draft'}
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_readonly)
    name = fields.Char("Name", required=True, states=_readonly)
    template = fields.Many2One(
        'crm.letter.template', "Template", required=True, states=_readonly)
    segment = fields.Many2One(
        'crm.segment', "Segment", states=_readonly,
        help="Its parties (the ones you may read) receive the letter, "
        "with the parties added below.")
    date = fields.Date("Date", required=True, states=_readonly)
    recipients = fields.One2Many(
        'crm.letter.recipient', 'letter', "Recipients", states=_readonly)
    recipient_count = fields.Function(
        fields.Integer("Letters"), 'get_recipient_count')
    state = fields.Selection([
            ('draft', "Draft"),
            ('printed', "Printed"),
            ], "State", readonly=True, required=True, sort=False)
    del _readonly

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'printed')}
        cls._buttons.update({
                'print_letters': {
                    'icon': 'tryton-print',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_recipient_count(self, name):
        return len(self.recipients)

    @classmethod
    @ModelView.button_action('crm_campaign.report_letter')
    def print_letters(cls, letters):
        "Number, address and log the draft letters; print them all"
        cls.process([l for l in letters if l.state == 'draft'])

    @classmethod
    @Workflow.transition('printed')
    def process(cls, letters):
        pool = Pool()
        Recipient = pool.get('crm.letter.recipient')
        Configuration = pool.get('crm.campaign.configuration')
        Communication = pool.get('crm.communication')
        config = Configuration(1)
        for letter in letters:
            recipients = list(letter.recipients)
            known = {r.party for r in recipients}
            if letter.segment:
                for party in letter.segment.get_parties():
                    if party not in known:
                        known.add(party)
                        recipients.append(Recipient(letter=letter,
                                party=party))
            job_title = letter.segment.job_title if letter.segment else None
            for recipient in recipients:
                contact, organization, address = addressee(
                    recipient.party, job_title)
                recipient.contact = contact
                recipient.address = address
                recipient.number = config.get_letter_number(letter.company)
            Recipient.save(recipients)
            communications = Communication.create([{
                        'party': r.party.id,
                        'kind': 'letter',
                        'direction': 'outgoing',
                        'date': letter.date,
                        'subject': ' '.join(filter(None, [
                                    r.number, letter.template.subject
                                    or letter.name])),
                        'description': gettext(
                            'crm_campaign.msg_letter_logged',
                            number=r.number, letter=letter.name,
                            contact=r.contact.rec_name),
                        'origin': str(r),
                        } for r in recipients])
            for recipient, communication in zip(recipients, communications):
                recipient.communication = communication
            Recipient.save(recipients)

    def pages(self):
        "The placeholder values of each letter, in recipient order"
        pool = Pool()
        Company = pool.get('company.company')
        lang = self.template.language.code
        job_title = self.segment.job_title if self.segment else None
        pages = []
        company = Company(self.company.id)
        for recipient in self.recipients:
            party = recipient.party
            reader = party.lang.code if party.lang else lang
            _, _, values = recipient_values(party, job_title, lang)
            values.update({
                    'number': recipient.number or '',
                    'date': format_date(self.date, reader),
                    'subject': self.template.subject or self.name,
                    'company': company.rec_name,
                    })
            values['body'] = render(self.template.body or '', **values)
            pages.append(values)
        return pages


class LetterRecipient(ModelSQL, ModelView):
    "Bulk Letter Recipient"
    __name__ = 'crm.letter.recipient'
    __string__ = "Bulk Letter Recipient"
    letter = fields.Many2One(
        'crm.letter', "Letter", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='RESTRICT')
    contact = fields.Many2One(
        'party.party', "Addressed to", readonly=True, ondelete='RESTRICT')
    address = fields.Many2One(
        'party.address', "Address", readonly=True, ondelete='RESTRICT')
    number = fields.Char("Number", readonly=True)
    communication = fields.Many2One(
        'crm.communication', "Communication", readonly=True,
        ondelete='SET NULL')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('letter_party_unique', Unique(t, t.letter, t.party),
                'crm_campaign.msg_letter_party_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.party, Index.Equality())))
        cls._order = [('letter', 'ASC'), ('id', 'ASC')]


class LetterReport(Report):
    "One PDF: a page per recipient of the letters of one template"
    __name__ = 'crm_campaign.letter'

    @classmethod
    def header_key(cls, record, data):
        return (('template', record.template.id),)

    @classmethod
    def _execute(cls, records, header, data, action):
        Letter = Pool().get('crm.letter')
        letters = Letter.browse([int(r) for r in records])
        if not letters:
            return 'pdf', b''
        template = letters[0].template
        pages = [p for l in letters for p in l.pages()]
        company = letters[0].company.rec_name
        extension, document = odt.merge(
            odt.fill_globals(template.get_document(), {'company': company}),
            pages)
        return 'pdf', odt.to_pdf(extension, document, cls.__name__)
