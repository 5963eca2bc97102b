# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Booking through the club member portal (when crm_club is installed).

``GET /<database>/crm_vertical_medical/slots?card=&mobile=&doctor=&date=``
    the free slots (local times) of a doctor on a day;
``POST /<database>/crm_vertical_medical/book`` with the JSON object
    ``{"card": ..., "mobile": ..., "doctor": id, "start": "2026-11-23T09:30"}``
    books it for the member.

The member is authenticated like on the club's member portal (card number
and the mobile number on file, failures counted in the database,
``party.party.club_portal_login``).  Members book up to the configured
number of days ahead and have at most the configured number of open
appointments.  Errors are JSON ``{"error": message}`` in the browser's
language: 400 bad request (a missing or malformed field, a date out of
range, a body nested too deep, with a lone surrogate or the NUL
character), 403 unknown member (a card or mobile with the NUL character
too), 404 without crm_club or an unknown doctor, 409 a time that is taken,
outside the schedule or beyond the limits (the message names nobody else),
429 too many failed logins, 503 when the database does not answer.  The
appointment is the doctor's company's, in its time zone.
"""
import datetime
import json
from http import HTTPStatus

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.modules.crm_fin.database import MAX_ID
from trytond.modules.crm_fin.web import (
    database_unavailable, load_json, read_body, route)
from trytond.protocols.wrappers import (
    Response, allow_null_origin, with_pool, with_transaction)
from trytond.transaction import Transaction

MAX_BODY = 16 * 1024


def _json(value, status=HTTPStatus.OK):
    return Response(json.dumps(value), status=status,
        content_type='application/json')


def _error(message_id, status=HTTPStatus.BAD_REQUEST, **variables):
    return _json({'error': gettext(
                'crm_vertical_medical.' + message_id, **variables)}, status)


def _club(pool):
    "The portal helpers of crm_club, None when it is not activated"
    Party = pool.get('party.party')
    if not hasattr(Party, 'club_portal_login'):
        return None
    from trytond.modules.crm_club import routes
    return routes


def _doctor(pool, value):
    "The active doctor of the id value, or None"
    Doctor = pool.get('medical.doctor')
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    try:
        doctor_id = int(value)
    except ValueError:
        return None
    if not 0 < doctor_id <= MAX_ID:
        return None
    doctors = Doctor.search([('id', '=', doctor_id)])
    return doctors[0] if doctors else None


def _doctor_on(pool, value, date):
    """(doctor, None) for the doctor of the id value on a day members may
    book, else (None, the JSON error)"""
    Appointment = pool.get('medical.appointment')
    doctor = _doctor(pool, value)
    if not doctor:
        return None, _error('msg_portal_bad_doctor', HTTPStatus.NOT_FOUND)
    first, last = Appointment.portal_horizon()
    if not first <= date <= last:
        return None, _error('msg_portal_horizon', days=(last - first).days)
    return doctor, None


def _date(value):
    if not isinstance(value, str) or len(value) > 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _start(value):
    "A naive local date and time to the minute, or None"
    if not isinstance(value, str) or len(value) > 32:
        return None
    try:
        start = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if start.tzinfo is not None or start.second or start.microsecond:
        return None
    return start


@route('/<database_name>/crm_vertical_medical/slots', methods=['GET'])
@allow_null_origin
@database_unavailable
@with_pool
@with_transaction(readonly=False)
def slots(request, pool):
    Appointment = pool.get('medical.appointment')
    club = _club(pool)
    if not club:
        return _json({'error': 'not found'}, HTTPStatus.NOT_FOUND)
    args = request.args
    with Transaction().set_context(club.portal_context(pool, request)):
        member, error = club.portal_login(
            pool, request, args.get('card'), args.get('mobile'))
        if error:
            return error
        date = _date(args.get('date'))
        if not date:
            return _error('msg_portal_bad_date')
        doctor, error = _doctor_on(pool, args.get('doctor'), date)
        if error:
            return error
        starts = Appointment.portal_slots(doctor, date)
        return _json({
                'member': member.rec_name,
                'slots': [s.isoformat(timespec='minutes') for s in starts],
                })


@route('/<database_name>/crm_vertical_medical/book', methods=['POST'])
@allow_null_origin
@database_unavailable
@with_pool
@with_transaction(readonly=False)
def book(request, pool):
    Appointment = pool.get('medical.appointment')
    club = _club(pool)
    if not club:
        return _json({'error': 'not found'}, HTTPStatus.NOT_FOUND)
    with Transaction().set_context(club.portal_context(pool, request)):
        data = read_body(request, MAX_BODY)
        try:
            # nested too deep, a lone surrogate or the NUL character: a
            # bad request too
            payload = load_json(data or b'{}')
        except ValueError:
            payload = None
        if len(data) > MAX_BODY or not isinstance(payload, dict):
            return _error('msg_portal_bad_request')
        card, mobile = payload.get('card'), payload.get('mobile')
        if not isinstance(card, str) or not isinstance(mobile, str):
            return _error('msg_portal_bad_request')
        member, error = club.portal_login(pool, request, card, mobile)
        if error:
            return error
        start = _start(payload.get('start'))
        if not start:
            return _error('msg_portal_bad_date')
        doctor, error = _doctor_on(pool, payload.get('doctor'), start.date())
        if error:
            return error
        # the booking is the doctor's company's
        context = {'company': doctor.company.id}
        if member.lang:
            context['language'] = member.lang.code
        with Transaction().set_context(context):
            try:
                appointment = Appointment.portal_book(member, doctor, start)
            except UserError as exception:
                Transaction().rollback()
                return _json({'error': exception.message},
                    HTTPStatus.CONFLICT)
            return _json({
                    'appointment': appointment.id,
                    'name': appointment.rec_name,
                    }, HTTPStatus.CREATED)
