# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Patients: disease groups, medical documents, appointments and the
family members who accompany them (party relations)."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    is_patient = fields.Boolean("Patient")
    disease_groups = fields.Many2Many(
        'medical.patient-disease.group', 'patient', 'group',
        "Disease Groups",
        states={'invisible': ~Eval('is_patient')})
    medical_documents = fields.One2Many(
        'medical.document', 'patient', "Medical Documents",
        states={'invisible': ~Eval('is_patient')})
    appointments = fields.One2Many(
        'medical.appointment', 'patient', "Appointments", readonly=True,
        states={'invisible': ~Eval('is_patient')})
    companions = fields.Function(fields.Many2Many(
            'party.party', None, None, "Companions",
            states={'invisible': ~Eval('is_patient')}),
        'get_companions')

    @classmethod
    def default_is_patient(cls):
        return False

    @classmethod
    def _region_shared_queries(cls):
        "The doctors are read by every user"
        Doctor = Pool().get('medical.doctor')
        doctor = Doctor.__table__()
        return super()._region_shared_queries() + [
            doctor.select(doctor.party.as_('party'))]

    @classmethod
    def get_companions(cls, parties, name):
        "The family members related to each patient as companions"
        pool = Pool()
        Configuration = pool.get('medical.configuration')
        Relation = pool.get('party.relation')
        result = {p.id: [] for p in parties}
        type_ = Configuration(1).companion_type
        if not type_:
            return result
        relation = Relation.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*relation.select(relation.from_, relation.to,
                where=relation.from_.in_(list(result))
                & (relation.type == type_.id)))
        for from_, to in cursor:
            result[from_].append(to)
        return result

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/form/notebook/page[@id="medical"]', 'states', {
                    'invisible': ~Eval('is_patient'),
                    }),
            ]
