# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"The member card print with its Code128 barcode."
import io

from trytond.report import Report


class MemberCard(Report):
    "Member Card"
    __name__ = 'crm_club.member_card'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['barcode'] = cls.barcode
        return context

    @staticmethod
    def barcode(number):
        "Return the Code128 barcode of number as SVG bytes"
        import barcode
        from barcode.writer import SVGWriter
        output = io.BytesIO()
        barcode.get('code128', number, writer=SVGWriter()).write(
            output, options={'module_height': 10, 'quiet_zone': 2})
        return output.getvalue()
