# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Helpers of the suite's HTTP routes (the VoIP webhook, the SMS delivery
reports, the member portals): a body read once per request, its JSON
(``load_json``: never an error 500 for a body nested too deep, a lone
surrogate, a NUL character for PostgreSQL) and the answer of a database
that does not answer.

Every route is decorated, outermost first::

    @route('/<database_name>/...', methods=['POST'])
    @allow_null_origin
    @database_unavailable
    @with_pool
    @with_transaction(readonly=False)
    def route(request, pool):
        data = read_body(request, MAX_BODY)
        try:
            payload = load_json(data)
        except ValueError:
            return json_response({'error': ...}, HTTPStatus.BAD_REQUEST)

PostgreSQL refuses the NUL character in text (psycopg raises an error, the
route answered 500): a string with NUL (``has_nul``) that would go to SQL is
invalid input, or the unknown value it cannot match.
"""
import json
import logging
from functools import wraps
from http import HTTPStatus

from werkzeug.exceptions import InternalServerError

from trytond import backend
from trytond.protocols.wrappers import Response
from trytond.wsgi import app

logger = logging.getLogger(__name__)

# seconds a client is asked to wait before sending again
RETRY_AFTER = 5
# the methods answered 405 on a route that has others (OPTIONS stays
# werkzeug's: the browsers' CORS requests)
METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']


def json_response(value, status=HTTPStatus.OK, headers=None):
    "The JSON answer of a route"
    return Response(json.dumps(value), status=status, headers=headers,
        content_type='application/json')


def route(path, methods):
    """trytond's app.route of path for methods; the path's other methods
    answer 405 ``{"error": "method not allowed"}`` with the Allow header,
    where werkzeug's router answered an HTML page"""
    allowed = list(methods) + (['HEAD'] if 'GET' in methods else [])

    def method_not_allowed(request, **kwargs):
        return json_response({'error': "method not allowed"},
            HTTPStatus.METHOD_NOT_ALLOWED,
            headers={'Allow': ', '.join(allowed)})
    # as the route itself: a browser's page of another origin is answered
    method_not_allowed.allow_null_origin = True
    app.route(path, methods=[m for m in METHODS if m not in methods])(
        method_not_allowed)
    return app.route(path, methods=methods)


def has_nul(*values):
    "Whether a string of values holds the NUL character PostgreSQL refuses"
    return any(isinstance(v, str) and '\x00' in v for v in values)


def _no_constant(name):
    "NaN and Infinity are no JSON"
    raise ValueError(name)


def _unicode(value):
    "Whether the string value is Unicode (no lone surrogate of JSON)"
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        return False
    return True


def load_json(data, allow_constants=True, allow_nul=False):
    """The JSON value of the body data (bytes), else ValueError("invalid
    JSON"): no UTF-8, no JSON, nested too deep for the parser (its
    RecursionError was an error 500), a string with a lone surrogate
    (``"\\ud800"``, which no database stores), NaN or Infinity unless
    allow_constants; ValueError("NUL character") for a string (a key or a
    value at any depth) with the NUL character unless allow_nul"""
    try:
        value = json.loads(data.decode('utf-8'),
            parse_constant=None if allow_constants else _no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ValueError("invalid JSON") from error
    # walked without recursion: the value may nest up to the parser's limit
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if not allow_nul and '\x00' in item:
                raise ValueError("NUL character")
            if not _unicode(item):
                raise ValueError("invalid JSON")
    return value


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
