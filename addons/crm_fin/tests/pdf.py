# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Read printed PDFs in tests with poppler's pdftotext.

``pdf_text`` is the text in reading order, without the bidi control marks
pdftotext adds around right-to-left runs and with ASCII digits for the
Persian ones (``persian=False`` keeps them).  ``pdf_words`` gives each word
with its position: pdftotext -bbox writes Persian words in visual order
(reversed), they are turned back to reading order.

The PDF checks run where LibreOffice and poppler are installed
(``can_convert``); scripts/test.sh installs both.
"""
import os
import re
import shutil
import subprocess
import tempfile
from html import unescape

_BIDI = dict.fromkeys(map(ord, '\u200e\u200f\u202a\u202b\u202c\u202d\u202e'
        '\u2066\u2067\u2068\u2069'))
_DIGITS = str.maketrans('۰۱۲۳۴۵۶۷۸۹', '0123456789')
_ARABIC = re.compile('[\u0600-\u06ff]')
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
    r'yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def can_convert():
    "LibreOffice makes the PDF, poppler reads it"
    return bool(shutil.which('soffice') and shutil.which('pdftotext'))


def _pdftotext(content, *options):
    with tempfile.TemporaryDirectory(prefix='crm_fin_pdf_') as directory:
        path = os.path.join(directory, 'print.pdf')
        with open(path, 'wb') as fp:
            fp.write(content)
        return subprocess.run(
            ['pdftotext', *options, path, '-'], check=True,
            capture_output=True).stdout.decode('utf-8')


def pdf_text(content, persian=False):
    "The text of the PDF, words separated by single spaces"
    text = _pdftotext(content).translate(_BIDI)
    if not persian:
        text = text.translate(_DIGITS)
    return ' '.join(text.split())


def pdf_words(content):
    """[(word, x_centre / page_width, y_centre / page_height, page)]

    Persian words are given in reading order, digits in ASCII."""
    words = []
    page = 0
    width = height = 1.
    xml = _pdftotext(content, '-bbox')
    for match in re.finditer(
            _PAGE.pattern + '|' + _WORD.pattern, xml):
        if match.group(1):
            page += 1
            width, height = float(match.group(1)), float(match.group(2))
            continue
        x_min, y_min, x_max, y_max, text = match.groups()[2:]
        text = unescape(text).translate(_BIDI)
        if _ARABIC.search(text):
            text = text[::-1]
        text = text.translate(_DIGITS)
        words.append((text, (float(x_min) + float(x_max)) / 2 / width,
                (float(y_min) + float(y_max)) / 2 / height, page))
    return words
