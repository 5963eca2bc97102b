# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Webhook of VoIP providers: ``POST /<database>/crm_telephony/incoming``

The body is a JSON object (at most 64 KiB)::

    {"caller": "09121234567", "extension": "101", "call_id": "abc",
     "event": "ringing" | "answered" | "hangup", "duration": 35}

authenticated by the ``X-CRM-Token`` header: the webhook token of a
company in the telephony configuration, which makes it a call of that
company.  The answer is JSON: ``{"communication": id, "party": id or
null, "known": bool, "notified": [user ids]}``.  Errors are JSON
``{"error": message}``: 400 bad JSON (not an object, NaN or infinite
numbers, nested too deep, a lone surrogate, a duration that is no number
of seconds up to a day, no caller, a caller, extension or call id with the
NUL character), 403 bad token, 413 body too large; nothing is logged then;
503 when the database does not answer (the PBX may send the call again).
"""
import json
import logging
import math
from http import HTTPStatus

from trytond.modules.crm_fin.web import (
    database_unavailable, has_nul, load_json, read_body, route)
from trytond.protocols.wrappers import (
    Response, allow_null_origin, with_pool, with_transaction)
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
MAX_DURATION = 24 * 60 * 60
EVENTS = {'ringing', 'answered', 'hangup'}


class WebhookError(Exception):
    "A refused request: its status and message"

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status, message):
    return Response(json.dumps({'error': message}), status=status,
        content_type='application/json')


def _read_body(request):
    """The body, read once: a transaction retried by with_transaction (the
    race of a replayed call, the database restarted) reads it again"""
    length = request.content_length
    if length is not None and length > MAX_BODY:
        logger.warning("webhook body of %s bytes refused", length)
        raise WebhookError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "body too large")
    data = read_body(request, MAX_BODY)
    if len(data) > MAX_BODY:
        logger.warning("webhook body over %s bytes refused", MAX_BODY)
        raise WebhookError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "body too large")
    return data


def _parse(data):
    try:
        # a NUL character in a field the webhook does not read is no error
        payload = load_json(data, allow_constants=False, allow_nul=True)
    except ValueError:
        raise WebhookError(HTTPStatus.BAD_REQUEST, "invalid JSON")
    if not isinstance(payload, dict):
        raise WebhookError(
            HTTPStatus.BAD_REQUEST, "a JSON object is expected")
    caller = payload.get('caller')
    event = payload.get('event') or 'ringing'
    extension = payload.get('extension')
    call_id = payload.get('call_id')
    duration = payload.get('duration')
    if (not caller or isinstance(caller, bool)
            or not isinstance(caller, (str, int))):
        raise WebhookError(HTTPStatus.BAD_REQUEST, "caller is missing")
    if has_nul(caller):
        # no phone number, and PostgreSQL refuses it: an invalid caller
        raise WebhookError(HTTPStatus.BAD_REQUEST, "invalid caller")
    if not isinstance(event, str) or event not in EVENTS:
        raise WebhookError(HTTPStatus.BAD_REQUEST, "unknown event")
    for name, value in [('extension', extension), ('call_id', call_id)]:
        if value is not None and (isinstance(value, bool)
                or not isinstance(value, (str, int)) or has_nul(value)):
            raise WebhookError(HTTPStatus.BAD_REQUEST, "invalid " + name)
    if duration is not None and (isinstance(duration, bool)
            or not isinstance(duration, (int, float))
            or not math.isfinite(duration)
            or not 0 <= duration <= MAX_DURATION):
        raise WebhookError(HTTPStatus.BAD_REQUEST, "invalid duration")
    return {
        'number': str(caller)[:64],
        'extension': str(extension)[:32] if extension else None,
        'call_id': str(call_id)[:128] if call_id else None,
        'event': event,
        'duration': duration,
        }


@route('/<database_name>/crm_telephony/incoming', methods=['POST'])
@allow_null_origin
@database_unavailable
@with_pool
@with_transaction(readonly=False)
def incoming(request, pool):
    Configuration = pool.get('crm.telephony.configuration')
    Communication = pool.get('crm.communication')
    try:
        data = _read_body(request)
        # the token is the company's: the call is the call of that company
        company = Configuration.webhook_company(
            request.headers.get('X-CRM-Token', ''))
        if not company:
            logger.warning("webhook with an invalid token from %s",
                request.remote_addr)
            raise WebhookError(HTTPStatus.FORBIDDEN, "invalid token")
        values = _parse(data)
    except WebhookError as error:
        return _error(error.status, error.message)
    with Transaction().set_context(company=company.id):
        call, notified = Communication.incoming_call(**values)
        result = {
            'communication': call.id,
            'party': call.party.id if call.party else None,
            'known': bool(call.party),
            'notified': notified,
            }
    return Response(json.dumps(result), content_type='application/json')
