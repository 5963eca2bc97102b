# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Booking through the club member portal (when crm_club is installed).

``GET /<database>/crm_vertical_medical/slots?card=&mobile=&doctor=&date=``
    the free slots (local times) of a doctor on a day;
``POST /<database>/crm_vertical_medical/book`` with the JSON object
    ``{"card": ..., "mobile": ..., "doctor": id, "start": "2026-11-23T09:30"}``
    books it for the member.

The member is authenticated like on the club's member portal (card number
and the mobile number on file, ``party.party.club_portal_member``); errors
are JSON ``{"error": message}`` in the member's language: 400 bad request, 403 unknown member, 404 without crm_club or an unknown doctor, 409 slot taken
or outside the schedule.  The booking is the doctor's company's.
"""
import datetime
import json
from http import HTTPStatus

from trytond.exceptions import UserError
from trytond.protocols.wrappers import (
    Response, abort, allow_null_origin, with_pool, with_transaction)
from trytond.transaction import Transaction
from trytond.wsgi import app


def _json(value, status=HTTPStatus.OK):
    return Response(json.dumps(value), status=status,
        content_type='application/json')


def _member(pool, card, mobile):
    Party = pool.get('party.party')
    if not hasattr(Party, 'club_portal_member'):
        # crm_club is not activated on this database
        abort(HTTPStatus.NOT_FOUND)
    member = Party.club_portal_member(card, mobile)
    if not member:
        abort(HTTPStatus.FORBIDDEN)
    return member


def _doctor(pool, doctor):
    "The active doctor: his company is the one of the booking"
    Doctor = pool.get('medical.doctor')
    doctors = Doctor.search([('id', '=', doctor)], limit=1)
    if not doctors:
        abort(HTTPStatus.NOT_FOUND)
    return doctors[0]


@app.route('/<database_name>/crm_vertical_medical/slots', methods=['GET'])
@allow_null_origin
@with_pool
@with_transaction()
def slots(request, pool):
    Appointment = pool.get('medical.appointment')
    args = request.args
    member = _member(pool, args.get('card'), args.get('mobile'))
    try:
        doctor = int(args['doctor'])
        date = datetime.date.fromisoformat(args['date'])
    except (KeyError, ValueError):
        abort(HTTPStatus.BAD_REQUEST)
    doctor = _doctor(pool, doctor)
    with Transaction().set_context(company=doctor.company.id):
        starts = Appointment.portal_slots(doctor.id, date)
    return _json({
            'member': member.rec_name,
            'slots': [s.isoformat(timespec='minutes') for s in starts],
            })


@app.route('/<database_name>/crm_vertical_medical/book', methods=['POST'])
@allow_null_origin
@with_pool
@with_transaction(readonly=False)
def book(request, pool):
    Appointment = pool.get('medical.appointment')
    try:
        payload = json.loads(request.get_data(as_text=True) or '{}')
        card, mobile = payload['card'], payload['mobile']
        doctor = int(payload['doctor'])
        start = datetime.datetime.fromisoformat(payload['start'])
    except (KeyError, TypeError, ValueError):
        abort(HTTPStatus.BAD_REQUEST)
    member = _member(pool, card, mobile)
    doctor = _doctor(pool, doctor)
    with Transaction().set_context(company=doctor.company.id,
            language=member.lang.code if member.lang else None):
        try:
            appointment = Appointment.portal_book(member, doctor.id, start)
        except UserError as exception:
            Transaction().rollback()
            return _json({'error': exception.message}, HTTPStatus.CONFLICT)
        return _json({
                'appointment': appointment.id,
                'name': appointment.rec_name,
                }, HTTPStatus.CREATED)
