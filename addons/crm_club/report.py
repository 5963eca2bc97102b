# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The member card print: its Code128 barcode is drawn by Tryton's report
``barcode`` helper (``barcode('code128', number)`` in the template)."""
from trytond.report import Report


class MemberCard(Report):
    "Member Card"
    __name__ = 'crm_club.member_card'
