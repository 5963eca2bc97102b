# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Mail merge on OpenDocument text: one page per recipient, one PDF.

A template is an ODT (zip) or flat ODT (fodt) file written in any office
suite; its placeholders are plain text ``${name}`` (see
``letter.PLACEHOLDERS``).  Word processors split typed text into spans
(spell checking, revision marks), so a placeholder is found even with tags
between its characters.  The body is repeated once per recipient, a page
break between two; styles, headers and footers (the letterhead) are kept
once.  LibreOffice converts the result to PDF, the way Tryton converts its
reports (``Report.convert``).
"""
import io
import re
import types
import zipfile
from xml.sax.saxutils import escape

from trytond.report import Report

_TAG = r'<[^>]+>'
PLACEHOLDER = re.compile(
    r'\$(?:%s)*\{((?:[^{}<$]|%s){1,200}?)\}' % (_TAG, _TAG), re.S)
_BODY = re.compile(r'(<office:text\b[^>]*>)(.*)(</office:text>)', re.S)
_DECLS = re.compile(
    r'<text:(sequence|variable|user-field)-decls\b.*?'
    r'</text:(?:sequence|variable|user-field)-decls>|'
    r'<text:(?:sequence|variable|user-field)-decls\b[^>]*/>', re.S)
_AUTOMATIC = re.compile(r'<office:automatic-styles\s*/>|</office:automatic-styles>')
BREAK_STYLE = 'CrmMergePageBreak'
_BREAK_DEF = (
    '<style:style style:name="%s" style:family="paragraph">'
    '<style:paragraph-properties fo:break-after="page" '
    'fo:margin-top="0cm" fo:margin-bottom="0cm"/>'
    '<style:text-properties fo:font-size="1pt"/></style:style>' % BREAK_STYLE)


class TemplateError(ValueError):
    "The file is not an OpenDocument text"


def _xml_value(value):
    text = '' if value is None else str(value)
    return '<text:line-break/>'.join(escape(t) for t in text.split('\n'))


def fill(xml, values):
    "Replace the placeholders of the XML text by the escaped values"
    def replace(match):
        key = re.sub(_TAG, '', match.group(1)).strip()
        if key not in values:
            return match.group(0)
        return _xml_value(values[key])
    return PLACEHOLDER.sub(replace, xml)


def placeholders(xml):
    "The names of the placeholders of the XML text"
    return {re.sub(_TAG, '', m.group(1)).strip()
        for m in PLACEHOLDER.finditer(xml)}


def _read(data):
    "Return (kind, xml text, zip entries or None) of an ODT or FODT"
    if isinstance(data, str):
        data = data.encode('utf-8')
    data = bytes(data or b'')
    if data[:2] == b'PK':
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as odt:
                entries = [(i, odt.read(i.filename)) for i in odt.infolist()]
        except zipfile.BadZipFile:
            raise TemplateError("not an ODT file")
        content = dict((i.filename, d) for i, d in entries).get(
            'content.xml')
        if content is None:
            raise TemplateError("content.xml missing")
        return 'odt', content.decode('utf-8'), entries
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        raise TemplateError("not an ODT file")
    if '<office:text' not in text:
        raise TemplateError("no text body")
    return 'fodt', text, None


def merge(template, pages):
    """Return (extension, data): the document of template repeated for each
    dict of placeholder values in pages, a page break between two"""
    kind, xml, entries = _read(template)
    match = _BODY.search(xml)
    if not match:
        raise TemplateError("no text body")
    body = match.group(2)
    decls = ''.join(m.group(0) for m in _DECLS.finditer(body))
    body = _DECLS.sub('', body)
    separator = '<text:p text:style-name="%s"/>' % BREAK_STYLE
    merged = decls + separator.join(fill(body, values) for values in pages)
    xml = xml[:match.start(2)] + merged + xml[match.end(2):]
    styles = _AUTOMATIC.search(xml)
    if styles and styles.group(0).endswith('/>'):
        xml = (xml[:styles.start()] + '<office:automatic-styles>'
            + _BREAK_DEF + '</office:automatic-styles>' + xml[styles.end():])
    elif styles:
        xml = xml[:styles.start()] + _BREAK_DEF + xml[styles.start():]
    else:
        xml = xml.replace('<office:body>',
            '<office:automatic-styles>%s</office:automatic-styles>'
            '<office:body>' % _BREAK_DEF, 1)
    if kind == 'fodt':
        return 'fodt', xml.encode('utf-8')
    output = io.BytesIO()
    with zipfile.ZipFile(output, 'w') as odt:
        for info, data in entries:
            if info.filename == 'content.xml':
                data = xml.encode('utf-8')
            compress = (zipfile.ZIP_STORED if info.filename == 'mimetype'
                else zipfile.ZIP_DEFLATED)
            odt.writestr(info.filename, data, compress_type=compress)
    return 'odt', output.getvalue()


def to_pdf(extension, data, name='crm_campaign.merge'):
    "Convert the document to PDF with LibreOffice (as Tryton's reports)"
    report = types.SimpleNamespace(
        template_extension=extension, extension='pdf', report_name=name)
    return Report.convert(report, data)[1]


def fill_globals(template, values):
    """Fill the placeholders of the whole document (the letterhead in the
    page styles too) with values shared by every page"""
    kind, xml, entries = _read(template)
    if kind == 'fodt':
        return fill(xml, values).encode('utf-8')
    output = io.BytesIO()
    with zipfile.ZipFile(output, 'w') as document:
        for info, data in entries:
            if info.filename in {'content.xml', 'styles.xml'}:
                data = fill(data.decode('utf-8'), values).encode('utf-8')
            compress = (zipfile.ZIP_STORED if info.filename == 'mimetype'
                else zipfile.ZIP_DEFLATED)
            document.writestr(info.filename, data, compress_type=compress)
    return output.getvalue()
