# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Helpers of the suite's HTTP routes (the VoIP webhook, the SMS delivery
reports, the member portals): a body read once per request and the answer
of a database that does not answer.

Every route is decorated, outermost first::

    @app.route('/<database_name>/...', methods=['POST'])
    @allow_null_origin
    @database_unavailable
    @with_pool
    @with_transaction(readonly=False)
    def route(request, pool):
        data = read_body(request, MAX_BODY)
"""
import json
import logging
from functools import wraps
from http import HTTPStatus

from werkzeug.exceptions import InternalServerError

from trytond import backend
from trytond.protocols.wrappers import Response

logger = logging.getLogger(__name__)

# seconds a client is asked to wait before sending again
RETRY_AFTER = 5


def json_response(value, status=HTTPStatus.OK, headers=None):
    "The JSON answer of a route"
    return Response(json.dumps(value), status=status, headers=headers,
        content_type='application/json')


def read_body(request, limit):
    """The body of an HTTP request (at most limit + 1 bytes), read once: a
    transaction that trytond's with_transaction retries (a serialization
    failure, the database restarted) runs the route again on a stream
    already read, which gave an empty body"""
    data = getattr(request, '_crm_body', None)
    if data is None:
        data = request._crm_body = request.stream.read(limit + 1)
    return data


def database_unavailable(func):
    """A database that does not answer (restarted, down, the retries of
    with_transaction spent) answers 503 ``{"error": "database
    unavailable"}`` with Retry-After: the caller (a PBX, an SMS provider, a
    member's browser) may send the request again, nothing was stored.

    Without it trytond's with_pool answers an error 500 in HTML, and for a
    JSON body takes the request for an RPC call: 400 "Unable to get RPC
    method", which tells a PBX not to send the call again."""
    @wraps(func)
    def wrapper(request, *args, **kwargs):
        # no RPC method: an error is answered as an error of the route
        request.__dict__['rpc_method'] = None
        try:
            return func(request, *args, **kwargs)
        except InternalServerError as error:
            if not isinstance(error.description,
                    backend.DatabaseOperationalError):
                raise
            cause = error.description
        except backend.DatabaseOperationalError as error:
            # raised before with_pool's handler: the pool's first load
            cause = error
        logger.warning("%s: database unavailable: %s", request.path, cause)
        return json_response({'error': "database unavailable"},
            HTTPStatus.SERVICE_UNAVAILABLE,
            headers={'Retry-After': str(RETRY_AFTER)})
    return wrapper
