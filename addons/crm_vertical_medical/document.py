# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Medical documents on the patient file, for the clinic staff only."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool


class Document(ModelSQL, ModelView):
    """Medical Document

    Kept on the patient file; only the clinic staff group may read it."""
    __name__ = 'medical.document'
    __string__ = "Medical Document"
    _history = True
    patient = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='CASCADE',
        domain=[('is_patient', '=', True)])
    name = fields.Char("Name", required=True)
    date = fields.Date("Date", required=True)
    doctor = fields.Many2One('medical.doctor', "Doctor")
    description = fields.Text("Description")
    data = fields.Binary("File", filename='filename')
    filename = fields.Char("File Name")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()
