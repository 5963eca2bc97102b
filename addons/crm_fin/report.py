# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Printed pre-invoices and invoices in three layouts.

One template per document (report/sale.fodt, report/invoice.fodt); the
layout (customer, accounting or archive copy) is the report's own class, so
each layout is a separate print action.  The context offers the amount in
words (fa, pl, en) and dates in the reader's convention (``format_date``:
Jalali in Persian digits for fa, dd.mm.yyyy for pl).
"""
from trytond.modules.company.company import CompanyReport
from trytond.transaction import Transaction

from .tools import amount_in_words, format_date


class _CrmDocumentMixin:
    __slots__ = ()
    layout = 'customer'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['layout'] = cls.layout
        context['crm_date'] = lambda date: format_date(
            date, Transaction().context.get('language'))
        context['amount_in_words'] = lambda amount, currency=None: (
            amount_in_words(
                amount, Transaction().context.get('language'), currency))
        context['line_serial'] = cls.line_serial
        context['line_discount'] = cls.line_discount
        return context

    @staticmethod
    def line_serial(line):
        "Serial number of a sale line or of the sale line of an invoice line"
        serial = getattr(line, 'serial_number', None)
        origin = getattr(line, 'origin', None)
        if not serial and origin is not None:
            serial = getattr(origin, 'serial_number', None)
        return serial or ''

    @staticmethod
    def line_discount(line):
        "Discount of the line as sale_discount shows it, when installed"
        return getattr(line, 'discount', None) or ''


class SaleCustomer(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.sale.customer'
    layout = 'customer'


class SaleCustomerPDF(SaleCustomer):
    "The customer copy as PDF (LibreOffice converts it on the server)"
    __name__ = 'crm_fin.sale.customer_pdf'


class SaleAccounting(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.sale.accounting'
    layout = 'accounting'


class SaleArchive(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.sale.archive'
    layout = 'archive'


class InvoiceCustomer(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.invoice.customer'
    layout = 'customer'


class InvoiceCustomerPDF(InvoiceCustomer):
    "The customer copy as PDF (LibreOffice converts it on the server)"
    __name__ = 'crm_fin.invoice.customer_pdf'


class InvoiceAccounting(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.invoice.accounting'
    layout = 'accounting'


class InvoiceArchive(_CrmDocumentMixin, CompanyReport):
    __name__ = 'crm_fin.invoice.archive'
    layout = 'archive'
