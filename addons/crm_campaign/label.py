# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Postal labels on A4 sheets.

A label layout gives the sheet (page size, margins), the grid (columns x
rows) and the size of a label and of the gaps between labels, in
millimetres (3 x 8 and 2 x 7 sheets ship with the module).  *Print Postal
Labels* takes the selected parties or a segment's and writes one label per
party, row by row, as a table per sheet that LibreOffice turns into a PDF.

A label is addressed like a letter (the organisation's contact person, then
the organisation).  An address in Iran is written right to left in Persian
order: province, city, district, then the street and the postal code; any
other address in the Polish / European order: street, postal code and city.
"""
from xml.sax.saxutils import escape

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction, check_access
from trytond.wizard import Button, StateReport, StateView, Wizard

from . import odt
from .exceptions import LabelLayoutError
from .letter import address_lines, addressee, address_values

_DOCUMENT = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Vazirmatn" svg:font-family="Vazirmatn"/>
 <style:font-face style:name="DejaVu Sans" svg:font-family="&apos;DejaVu Sans&apos;"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0mm" fo:margin-bottom="0mm"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="%(font)spt"
   style:font-name-complex="Vazirmatn" style:font-size-complex="%(font)spt"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Sheet">
  <style:page-layout-properties fo:page-width="%(page_width)smm"
   fo:page-height="%(page_height)smm" fo:margin-top="%(margin_top)smm"
   fo:margin-bottom="0mm" fo:margin-left="%(margin_left)smm"
   fo:margin-right="0mm"/>
 </style:page-layout>
 <style:style style:name="Grid" style:family="table">
  <style:table-properties style:width="%(width)smm" table:align="left"/>
 </style:style>
 <style:style style:name="GridNext" style:family="table">
  <style:table-properties style:width="%(width)smm" table:align="left"
   fo:break-before="page"/>
 </style:style>
 <style:style style:name="Label" style:family="table-column">
  <style:table-column-properties style:column-width="%(label_width)smm"/>
 </style:style>
 <style:style style:name="Gap" style:family="table-column">
  <style:table-column-properties style:column-width="%(gap_h)smm"/>
 </style:style>
 <style:style style:name="Row" style:family="table-row">
  <style:table-row-properties style:row-height="%(label_height)smm"/>
 </style:style>
 <style:style style:name="GapRow" style:family="table-row">
  <style:table-row-properties style:row-height="%(gap_v)smm"/>
 </style:style>
 <style:style style:name="Cell" style:family="table-cell">
  <style:table-cell-properties fo:padding="3mm" fo:border="none"
   style:vertical-align="middle"/>
 </style:style>
 <style:style style:name="LTR" style:family="paragraph">
  <style:paragraph-properties fo:text-align="start" style:writing-mode="lr-tb"/>
 </style:style>
 <style:style style:name="RTL" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" style:writing-mode="rl-tb"/>
 </style:style>
 <style:style style:name="RTLName" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" style:writing-mode="rl-tb"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/>
 </style:style>
 <style:style style:name="LTRName" style:family="paragraph">
  <style:paragraph-properties fo:text-align="start" style:writing-mode="lr-tb"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="Sheet"/>
</office:master-styles>
<office:body><office:text>%(body)s</office:text></office:body>
</office:document>
'''


class LabelLayout(ModelSQL, ModelView):
    "Label Layout"
    __name__ = 'crm.label.layout'
    __string__ = "Label Layout"
    name = fields.Char("Name", required=True)
    columns = fields.Integer("Columns", required=True)
    rows = fields.Integer("Rows", required=True)
    page_width = fields.Float("Page Width (mm)", digits=(6, 2), required=True)
    page_height = fields.Float(
        "Page Height (mm)", digits=(6, 2), required=True)
    margin_top = fields.Float("Top Margin (mm)", digits=(6, 2), required=True)
    margin_left = fields.Float(
        "Left Margin (mm)", digits=(6, 2), required=True)
    label_width = fields.Float(
        "Label Width (mm)", digits=(6, 2), required=True)
    label_height = fields.Float(
        "Label Height (mm)", digits=(6, 2), required=True)
    gap_horizontal = fields.Float(
        "Gap between Columns (mm)", digits=(6, 2), required=True)
    gap_vertical = fields.Float(
        "Gap between Rows (mm)", digits=(6, 2), required=True)
    font_size = fields.Integer("Font Size (pt)", required=True)

    @classmethod
    def default_page_width(cls):
        return 210.0

    @classmethod
    def default_page_height(cls):
        return 297.0

    @classmethod
    def default_gap_horizontal(cls):
        return 0.0

    @classmethod
    def default_gap_vertical(cls):
        return 0.0

    @classmethod
    def default_font_size(cls):
        return 9

    @property
    def per_sheet(self):
        return self.columns * self.rows

    @classmethod
    def validate_fields(cls, layouts, field_names):
        super().validate_fields(layouts, field_names)
        for layout in layouts:
            width = (layout.margin_left + layout.columns * layout.label_width
                + (layout.columns - 1) * layout.gap_horizontal)
            height = (layout.margin_top + layout.rows * layout.label_height
                + (layout.rows - 1) * layout.gap_vertical)
            if (layout.columns <= 0 or layout.rows <= 0
                    or min(layout.label_width, layout.label_height) <= 0
                    or width > layout.page_width + 0.01
                    or height > layout.page_height + 0.01):
                raise LabelLayoutError(gettext(
                        'crm_campaign.msg_label_layout_size',
                        layout=layout.rec_name))

    def document(self, labels):
        """The flat ODT of the labels, each a list of (text, rtl, bold),
        filling the sheets row by row"""
        def cell(lines):
            paragraphs = []
            for text, rtl, bold in lines:
                style = ('RTL' if rtl else 'LTR') + ('Name' if bold else '')
                paragraphs.append('<text:p text:style-name="%s">%s</text:p>'
                    % (style, escape(text)))
            return ('<table:table-cell table:style-name="Cell">%s'
                '</table:table-cell>' % (''.join(paragraphs) or '<text:p/>'))
        gap_cell = '<table:table-cell><text:p/></table:table-cell>'
        tables = []
        for start in range(0, max(len(labels), 1), self.per_sheet):
            sheet = labels[start:start + self.per_sheet]
            columns = []
            for c in range(self.columns):
                if c and self.gap_horizontal:
                    columns.append(
                        '<table:table-column table:style-name="Gap"/>')
                columns.append('<table:table-column table:style-name="Label"/>')
            rows = []
            for r in range(self.rows):
                if r and self.gap_vertical:
                    rows.append('<table:table-row table:style-name="GapRow">'
                        + gap_cell * len(columns) + '</table:table-row>')
                cells = []
                for c in range(self.columns):
                    if c and self.gap_horizontal:
                        cells.append(gap_cell)
                    index = r * self.columns + c
                    cells.append(cell(sheet[index] if index < len(sheet)
                            else []))
                rows.append('<table:table-row table:style-name="Row">'
                    + ''.join(cells) + '</table:table-row>')
            tables.append('<table:table table:name="Sheet%s" '
                'table:style-name="%s">%s%s</table:table>' % (
                    len(tables) + 1, 'GridNext' if tables else 'Grid',
                    ''.join(columns), ''.join(rows)))
        width = (self.columns * self.label_width
            + (self.columns - 1) * self.gap_horizontal)
        return (_DOCUMENT % {
                'font': self.font_size,
                'page_width': self.page_width,
                'page_height': self.page_height,
                'margin_top': self.margin_top,
                'margin_left': self.margin_left,
                'width': width,
                'label_width': self.label_width,
                'label_height': self.label_height,
                'gap_h': self.gap_horizontal or 0.01,
                'gap_v': self.gap_vertical or 0.01,
                'body': ''.join(tables),
                }).encode('utf-8')


def label_lines(party, job_title=None):
    """The lines of the postal label of party: [(text, rtl, bold)]; an
    address in Iran in Persian, right to left"""
    contact, organization, address = addressee(party, job_title)
    persian = bool(address and address.country
        and address.country.code == 'IR')
    lang = 'fa' if persian else None
    values = address_values(address, lang)
    name = ' '.join(filter(None, [
                getattr(contact, 'honorific', None), contact.name]))
    lines = [(name, persian, True)]
    if organization:
        lines.append((organization.name, persian, False))
    lines += [(line, persian, False)
        for line in address_lines(values, persian)]
    return lines


class PrintLabelsStart(ModelView):
    "Print Postal Labels"
    __name__ = 'crm.label.print.start'
    __string__ = "Print Postal Labels"
    layout = fields.Many2One('crm.label.layout', "Layout", required=True)
    segment = fields.Many2One(
        'crm.segment', "Segment",
        help="Its parties (the ones you may read) get a label, after the "
        "parties below.")
    parties = fields.Many2Many(
        'party.party', None, None, "Parties")


class PrintLabels(Wizard):
    "Print Postal Labels"
    __name__ = 'crm.label.print'
    start = StateView('crm.label.print.start',
        'crm_campaign.label_print_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Print", 'print_', 'tryton-print', default=True),
            ])
    print_ = StateReport('crm_campaign.label')

    def default_start(self, fields):
        LabelLayout = Pool().get('crm.label.layout')
        layouts = LabelLayout.search([], limit=1)
        defaults = {'layout': layouts[0].id if layouts else None}
        if self.model and self.model.__name__ == 'party.party':
            defaults['parties'] = [r.id for r in self.records]
        elif self.model and self.model.__name__ == 'crm.segment':
            defaults['segment'] = self.record.id if self.record else None
        return defaults

    def do_print_(self, action):
        parties = [p.id for p in self.start.parties]
        job_title = None
        if self.start.segment:
            job_title = self.start.segment.job_title
            for party in self.start.segment.get_parties():
                if party.id not in parties:
                    parties.append(party.id)
        return action, {
            'layout': self.start.layout.id,
            'parties': parties,
            'job_title': job_title,
            }


class LabelReport(Report):
    "Postal labels of the parties of data, as PDF"
    __name__ = 'crm_campaign.label'

    @classmethod
    def _execute(cls, records, header, data, action):
        pool = Pool()
        LabelLayout = pool.get('crm.label.layout')
        Party = pool.get('party.party')
        layout = LabelLayout(data['layout'])
        # the parties come with the client's data: only those its user
        # may read (the wizard's own are)
        ids = [i for i in data.get('parties') or [] if isinstance(i, int)]
        if Transaction().user:
            with check_access():
                Party.read(ids, ['id'])
        parties = Party.browse(ids)
        labels = [label_lines(p, data.get('job_title')) for p in parties]
        return 'pdf', odt.to_pdf('fodt', layout.document(labels),
            cls.__name__)
