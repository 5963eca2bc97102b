# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Delivery reports of the SMS provider:
``POST /<database>/crm_campaign/delivery``

The body (at most 256 KiB) is a JSON object or a list of objects::

    {"reference": "crm-campaign-12-345", "id": "provider id",
     "status": "delivered" | "failed" | "undelivered", "error": "..."}

``reference`` is the idempotency key of a campaign message; a report with
only ``id`` updates the single SMS (crm_telephony) the provider accepted
with that id.  Authenticated by the ``X-CRM-Token`` header (the delivery
token of the campaign configuration).  Answers JSON: 200 ``{"updated": n,
"unknown": [...]}``; errors ``{"error": "..."}`` with 400 (bad JSON or
fields, nested too deep, a string with a lone surrogate or the NUL
character), 403 (bad token), 404 (no report matched: an unknown reference
or id), 413 (body too large), 503 when the database does not answer (the
provider may send it again).
"""
import hmac
import json
import logging
from http import HTTPStatus

from trytond.modules.crm_fin.web import (
    database_unavailable, load_json, read_body, route)
from trytond.protocols.wrappers import (
    Response, allow_null_origin, with_pool, with_transaction)

logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
STATUSES = {'delivered', 'failed', 'undelivered', 'rejected', 'expired'}


def _json(status, **values):
    return Response(json.dumps(values), status=status,
        content_type='application/json')


def _reports(data):
    "Return the list of (reference, id, status, error) or an error text"
    try:
        payload = load_json(data)
    except ValueError as error:
        # "invalid JSON" (nested too deep, a lone surrogate) or "NUL
        # character" (PostgreSQL refuses it)
        return str(error)
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list) or not payload:
        return "a JSON object or a list of objects is expected"
    reports = []
    for item in payload:
        if not isinstance(item, dict):
            return "a JSON object or a list of objects is expected"
        reference, id_ = item.get('reference'), item.get('id')
        status, error = item.get('status'), item.get('error')
        if not isinstance(reference, (str, type(None))) or not isinstance(
                id_, (str, int, type(None))) or not (reference or id_):
            return "reference or id is missing"
        if status not in STATUSES:
            return "unknown status"
        if error is not None and not isinstance(error, str):
            return "invalid error"
        reports.append((reference and reference[:128],
                str(id_)[:128] if id_ else None,
                'delivered' if status == 'delivered' else 'failed',
                error[:500] if error else None))
    return reports


@route('/<database_name>/crm_campaign/delivery', methods=['POST'])
@allow_null_origin
@database_unavailable
@with_pool
@with_transaction(readonly=False)
def delivery(request, pool):
    Configuration = pool.get('crm.campaign.configuration')
    Recipient = pool.get('crm.campaign.recipient')
    SMS = pool.get('crm.sms')
    length = request.content_length
    if length is not None and length > MAX_BODY:
        return _json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            error="body too large")
    data = read_body(request, MAX_BODY)
    if len(data) > MAX_BODY:
        return _json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            error="body too large")
    token = Configuration(1).delivery_token
    given = request.headers.get('X-CRM-Token', '')
    # compared as bytes: compare_digest refuses str with non-ASCII
    # characters (a header is read as Latin-1)
    if not token or not hmac.compare_digest(
            given.encode('utf-8', 'replace'),
            token.encode('utf-8', 'replace')):
        logger.warning("delivery report with an invalid token from %s",
            request.remote_addr)
        return _json(HTTPStatus.FORBIDDEN, error="invalid token")
    reports = _reports(data)
    if isinstance(reports, str):
        return _json(HTTPStatus.BAD_REQUEST, error=reports)
    updated, unknown = 0, []
    for reference, id_, status, error in reports:
        if reference and Recipient.delivery_report(reference, status, error):
            updated += 1
        elif id_ and SMS.delivery_report(id_, status, error):
            updated += 1
        else:
            unknown.append(reference or id_)
    if not updated:
        return _json(HTTPStatus.NOT_FOUND, error="unknown message",
            unknown=unknown)
    return _json(HTTPStatus.OK, updated=updated, unknown=unknown)
