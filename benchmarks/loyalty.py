#!/usr/bin/env python
# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark: club points of 100 000 invoices and all balances on PostgreSQL.

Creates (or reuses) a PostgreSQL database with crm_club activated,
bulk-loads the members with set-based SQL, then times:

- posting the points of N invoices into the ledger set-based, as posted
  invoices do (``club.points.line.insert_entries``: one INSERT ... SELECT
  per batch that also gives the referrers of one member in five their
  share, the tiers re-ranked once per batch); target >= 10 000 entries
  per second (``--referral python``: the referral entries computed in
  Python and inserted by a second INSERT, as before issue 21's last step;
  ``--referral none``: none);
- recomputing every member's balance with the aggregate query of
  ``club.points.line.get_balances`` (one GROUP BY per slice, no loop over
  entries), checked against an independent sum done in Python;
- the ``club_points`` searcher (HAVING on the aggregate);
- the decay scheduled action, twice (the second run must create nothing).

    bash scripts/pg.sh   # prints the URI
    TRYTOND_DATABASE__URI=postgresql://tryton:tryton@127.0.0.1:5432/ \\
        python benchmarks/loyalty.py [--invoices 100000] [--members 10000]
"""
import argparse
import datetime
import random
import time
from decimal import Decimal

from common import prepare

TARGET = 10_000  # ledger entries per second


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='bench_loyalty')
    parser.add_argument('--invoices', type=int, default=100_000)
    parser.add_argument('--members', type=int, default=10_000)
    parser.add_argument('--batch', type=int, default=5_000)
    parser.add_argument('--referral', choices=['sql', 'python', 'none'],
        default='sql')
    args = parser.parse_args()
    rate = Decimal('0.1')
    pool, _ = prepare(args.database, ['crm_club'])
    from sql import Literal
    from trytond.transaction import Transaction
    rng = random.Random(2026)
    today = datetime.date.today()
    with Transaction().start(args.database, 0) as transaction:
        cursor = transaction.connection.cursor()
        Party = pool.get('party.party')
        PointsLine = pool.get('club.points.line')
        Tier = pool.get('club.tier')
        # a re-run starts from an empty club
        for table in ['club_points_line', 'club_tier_log']:
            cursor.execute('DELETE FROM "%s"' % table)
        cursor.execute('UPDATE party_party SET club_tier = NULL')
        cursor.execute('DELETE FROM club_tier')
        cursor.execute("DELETE FROM party_party WHERE code LIKE 'M%%'")
        Tier.create([
                {'name': "Silver", 'threshold': 1_000},
                {'name': "Gold", 'threshold': 5_000}])

        party = Party.__table__()
        start = time.perf_counter()
        now = datetime.datetime.now()
        for j in range(0, args.members, 5_000):
            cursor.execute(*party.insert(
                    [party.name, party.code, party.club_card_number,
                        party.club_card_active, party.active,
                        party.create_uid, party.create_date],
                    [['Member %s' % i, 'M%s' % i, '60379%08d' % i,
                            Literal(True), Literal(True), 0, now]
                        for i in range(j, min(j + 5_000, args.members))]))
        cursor.execute(*party.select(party.id,
                where=party.code.like('M%')))
        member_ids = [r[0] for r in cursor]
        # one member in five brought by the member before him
        referrers = {m: member_ids[i - 1]
            for i, m in enumerate(member_ids) if i % 5 == 1}
        if args.referral != 'none':
            for referrer in set(referrers.values()):
                cursor.execute(*party.update([party.club_referrer],
                        [referrer], where=party.id.in_(
                            [m for m, r in referrers.items()
                                if r == referrer])))
        print("members: %d loaded in %.1f s" % (
                len(member_ids), time.perf_counter() - start))

        # one earned entry per posted invoice, 2 % of them corrected; one
        # member in ten bought nothing in the last 400 days (decays)
        inactive = set(member_ids[::10])
        vlist = []
        for i in range(args.invoices):
            member = rng.choice(member_ids)
            age = rng.randint(400, 800) if member in inactive else (
                rng.randint(0, 400))
            vlist.append({
                    'party': member,
                    'date': today - datetime.timedelta(days=age),
                    'points': rng.randint(1, 500),
                    'kind': 'earn',
                    'description': 'INV%06d' % i,
                    })
            if rng.random() < 0.02:
                vlist.append(dict(vlist[-1], kind='correction',
                        points=-vlist[-1]['points']))
        expected = dict.fromkeys(member_ids, 0)
        referrals = 0
        for values in vlist:
            expected[values['party']] += values['points']
            referrer = referrers.get(values['party'])
            if (args.referral != 'none' and referrer
                    and values['kind'] == 'earn'):
                bonus = int(values['points'] * rate)
                if bonus:
                    expected[referrer] += bonus
                    referrals += 1

        # posted as the invoices post them: one INSERT ... SELECT per batch
        # of invoices with the referrers' share, the members' tiers
        # re-ranked once per batch
        start = time.perf_counter()
        for i in range(0, len(vlist), args.batch):
            query = PointsLine.values_query([
                    (v['party'], v['date'], v['points'], v['kind'],
                        None, v['description'])
                    for v in vlist[i:i + args.batch]])
            if args.referral == 'sql':
                PointsLine.insert_entries(query, referral_rate=rate)
            else:
                ids = PointsLine.insert_entries(query)
                if args.referral == 'python':
                    python_referrals(pool, ids, rate)
        elapsed = time.perf_counter() - start
        cursor.execute("SELECT COUNT(*) FROM club_points_line")
        entries, = cursor.fetchone()
        assert entries == len(vlist) + referrals, "referral entries"
        rate_ = entries / elapsed
        print("post points of %d invoices (%d entries of which %d "
            "referral, %s, tiers re-ranked per batch of %d): %.1f s "
            "(%.0f entries/s, target >= %d: %s)" % (
                args.invoices, entries, referrals,
                {'sql': 'referral in the same INSERT',
                    'python': 'referral computed in Python',
                    'none': 'no referrer'}[args.referral],
                args.batch, elapsed, rate_, TARGET,
                'OK' if rate_ >= TARGET else 'MISSED'))
        cursor.execute('SELECT COUNT(*) FROM club_tier_log')
        logged, = cursor.fetchone()
        ranked = sum(1 for v in expected.values() if v >= 1_000)
        assert logged >= ranked, "tiers not re-ranked"

        start = time.perf_counter()
        balances = PointsLine.get_balances(member_ids)
        elapsed = time.perf_counter() - start
        assert balances == expected, "balances differ from recomputation"
        print("recompute %d balances (aggregate GROUP BY): %.2f s, "
            "equal to the independent recomputation" % (
                len(balances), elapsed))

        start = time.perf_counter()
        rich = Party.search([('club_points', '>=', 5_000)])
        elapsed = time.perf_counter() - start
        assert len(rich) == sum(1 for v in expected.values() if v >= 5_000)
        print("search members with >= 5000 points (HAVING): %d in %.2f s" % (
                len(rich), elapsed))

        start = time.perf_counter()
        first = PointsLine.decay()
        second = PointsLine.decay()
        elapsed = time.perf_counter() - start
        assert not second
        assert {l.party.id for l in first} <= inactive
        print("decay cron twice: %d entries (inactive members with points) "
            "then %d, %.1f s" % (len(first), len(second), elapsed))
        transaction.commit()


def python_referrals(pool, ids, rate):
    "The referral entries of new earned entries as before: in Python"
    from sql import Null
    from trytond.model import fields
    from trytond.modules.crm_fin.tools import in_max
    from trytond.tools import grouped_slice
    from trytond.transaction import Transaction
    PointsLine = pool.get('club.points.line')
    Party = pool.get('party.party')
    cursor = Transaction().connection.cursor()
    ledger = PointsLine.__table__()
    party = Party.__table__()
    new = ledger.join(party, condition=party.id == ledger.party)
    rows = []
    for sub_ids in grouped_slice(ids, in_max()):
        cursor.execute(*new.select(
                party.club_referrer, ledger.date, ledger.points,
                ledger.origin, party.id,
                where=fields.SQL_OPERATORS['in'](ledger.id, sub_ids)
                & (party.club_referrer != Null) & (ledger.kind == 'earn')))
        for referrer, date, points, origin, member in cursor:
            bonus = int((points * rate).to_integral_value(
                    rounding='ROUND_DOWN'))
            if bonus:
                rows.append([referrer, date, bonus, 'referral', origin,
                        member])
    names = {p.id: p.rec_name for p in Party.browse({r[5] for r in rows})}
    for row in rows:
        row[5] = names[row[5]]
    if rows:
        PointsLine.insert_entries(PointsLine.values_query(rows))


if __name__ == '__main__':
    main()
