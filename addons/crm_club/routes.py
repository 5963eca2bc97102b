# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Member portal of the club, on trytond's HTTP server (no sao needed).

``GET /<database>/crm_club/member?card=...&mobile=...``
    the member's name, tier, discount, points balance and last points
    entries, as JSON.

The member logs in with the number of the card and the mobile number on
file (``party.party.club_portal_member``; other addons' portals, like the
clinic's online booking, authenticate the same way).  An unknown card or a
wrong mobile answers 403 without telling which one was wrong.
"""
import json
from http import HTTPStatus

from trytond.protocols.wrappers import (
    Response,
    abort,
    allow_null_origin,
    with_pool,
    with_transaction,
)
from trytond.wsgi import app

HISTORY = 20


@app.route('/<database_name>/crm_club/member', methods=['GET'])
@allow_null_origin
@with_pool
@with_transaction()
def member(request, pool):
    Party = pool.get('party.party')
    Line = pool.get('club.points.line')
    party = Party.club_portal_member(
        request.args.get('card'), request.args.get('mobile'))
    if not party:
        abort(HTTPStatus.FORBIDDEN)
    lines = Line.search([('party', '=', party.id)],
        order=[('date', 'DESC'), ('id', 'DESC')], limit=HISTORY)
    return Response(json.dumps({
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
                }), content_type='application/json')
