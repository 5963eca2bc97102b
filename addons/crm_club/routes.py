# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Member portal of the club, on trytond's HTTP server (no sao needed).

``GET /<database>/crm_club/member?card=...&mobile=...``
    the member's name, tier, discount, points balance and last points
    entries, as JSON.

The member logs in with the number of the card and the mobile number on
file (``party.party.club_portal_login``; other addons' portals, like the
clinic's online booking, authenticate the same way).  Errors are JSON
``{"error": message}`` in the language of the browser: 403 for an unknown
card or a wrong mobile (without telling which one was wrong; a card or a
mobile with the NUL character is unknown), 429 after too many failures of
a card or a client address, 503 when the database does not answer.
"""
import json
from http import HTTPStatus

from trytond.modules.crm_fin.web import (
    database_unavailable, has_nul, route)
from trytond.protocols.wrappers import (
    Response, allow_null_origin, with_pool, with_transaction)
from trytond.transaction import Transaction

HISTORY = 20
LANGUAGES = ['fa', 'pl', 'en']


def json_response(value, status=HTTPStatus.OK):
    return Response(json.dumps(value), status=status,
        content_type='application/json')


def portal_context(pool, request):
    "The company and the language (the browser's) of a portal request"
    Company = pool.get('company.company')
    companies = Company.search([], limit=1)
    return {
        'company': companies[0].id if companies else None,
        'language': request.accept_languages.best_match(
            LANGUAGES, default=None),
        }


def portal_login(pool, request, card, mobile):
    """Return (member, None) or (None, the JSON error response); the
    failure is recorded, so the transaction must be committed"""
    Party = pool.get('party.party')
    address = request.remote_addr
    # PostgreSQL refuses the NUL character: a card or a mobile with it is
    # on no member's file (a failure of the address), it is never searched
    if has_nul(card, mobile):
        card, mobile = None, None
    if has_nul(address):
        address = address.replace('\x00', '')
    member, error = Party.club_portal_login(card, mobile, address)
    if error:
        status, message = error
        return None, json_response({'error': message}, status)
    return member, None


@route('/<database_name>/crm_club/member', methods=['GET'])
@allow_null_origin
@database_unavailable
@with_pool
@with_transaction(readonly=False)
def member(request, pool):
    Line = pool.get('club.points.line')
    with Transaction().set_context(portal_context(pool, request)):
        party, error = portal_login(pool, request,
            request.args.get('card'), request.args.get('mobile'))
        if error:
            return error
        lines = Line.search([('party', '=', party.id)],
            order=[('date', 'DESC'), ('id', 'DESC')], limit=HISTORY)
        return json_response({
                'member': party.rec_name,
                'card': party.club_card_number,
                'tier': party.club_tier.rec_name if party.club_tier else None,
                'discount': str(party.club_discount or 0),
                'points': party.club_points or 0,
                'history': [{
                        'date': line.date.isoformat(),
                        'kind': line.kind,
                        'points': line.points,
                        'description': line.description or '',
                        } for line in lines],
                })
