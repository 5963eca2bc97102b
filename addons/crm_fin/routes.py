# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Errors of the HTTP routes as JSON.

A refusal raised in a route (an AccessError of Tryton's own
``/<database>/data/<model>`` CSV export, for example the export rights of
crm_fin/access.py) would otherwise be answered as an error 500.  Routes
answer ``{"error": message}`` instead: 403 for an access refusal, 400 for
another user error.  The JSON-RPC calls of the clients are not concerned:
their errors never leave the RPC route."""
import json
from http import HTTPStatus

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.protocols.wrappers import Response
from trytond.wsgi import app


def _is_rpc(request):
    """The routes of the clients' calls (/rpc/, /<database>/rpc/ and
    /<database>/session/...): their protocol answers the errors"""
    parts = [p for p in request.path.split('/') if p]
    return not parts or 'rpc' in parts[:2] or 'session' in parts[:2]


@app.error_handler
def user_error(app, request, exception):
    if not isinstance(exception, UserError) or _is_rpc(request):
        return None
    if isinstance(exception, AccessError):
        status = HTTPStatus.FORBIDDEN
    else:
        status = HTTPStatus.BAD_REQUEST
    return Response(json.dumps({'error': exception.message}),
        status=status, content_type='application/json')
