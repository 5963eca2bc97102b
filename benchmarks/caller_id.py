#!/usr/bin/env python
# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark: caller-ID look-up among 1 000 000 parties on PostgreSQL.

Bulk-loads parties with one mobile each (set-based SQL), then looks up
10 000 random incoming numbers in the mixed formats a PBX sends (0912…,
+98912…, 98912…, 0098912…) with ``party.party.find_by_phone`` (indexed
equality on the E.164 column) and prints p50 / p99 latencies, compared
with a non-indexed ILIKE on the raw value.  Target: p99 <= 2 ms.

    TRYTOND_DATABASE__URI=postgresql://tryton:tryton@127.0.0.1:5432/ \\
        python benchmarks/caller_id.py [--parties 1000000]
"""
import argparse
import random
import statistics
import time

from common import percentile, prepare


def formats(national):
    "The shapes a PBX sends for the Iranian mobile 9xxxxxxxxx"
    return ['0' + national, '+98' + national, '98' + national,
        '0098' + national]


def load_callers(cursor, count, parties):
    """Insert the parties CID-<count + 1> .. CID-<parties>, each with the
    mobile 0912 000 0000 + its number, in set-based SQL"""
    # 912 000 0000 + g: distinct valid Iranian mobiles
    cursor.execute(
        'INSERT INTO party_party (name, code, party_type, active, '
        'create_uid, create_date) '
        "SELECT 'Caller ' || g, 'CID-' || g, 'person', true, 0, "
        'NOW() FROM generate_series(CAST(%s AS INTEGER), '
        'CAST(%s AS INTEGER)) AS g',
        (count + 1, parties))
    cursor.execute(
        'INSERT INTO party_contact_mechanism (party, type, value, '
        'value_compact, value_e164, active, sequence, create_uid, '
        'create_date) '
        "SELECT p.id, 'mobile', "
        "'0' || (9120000000 + CAST(SUBSTRING(p.code FROM 5) AS "
        'BIGINT)), '
        "'0' || (9120000000 + CAST(SUBSTRING(p.code FROM 5) AS "
        'BIGINT)), '
        "'+98' || (9120000000 + CAST(SUBSTRING(p.code FROM 5) AS "
        'BIGINT)), true, 10, 0, NOW() '
        "FROM party_party AS p WHERE p.code LIKE 'CID-%%' "
        'AND CAST(SUBSTRING(p.code FROM 5) AS BIGINT) > CAST(%s AS BIGINT)',
        (count,))


def random_numbers(rng, parties, count):
    "The mobiles of count random callers, in the formats a PBX sends"
    numbers = []
    for _ in range(count):
        national = str(9120000000 + rng.randint(1, parties))
        numbers.append(rng.choice(formats(national)))
    return numbers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='bench_caller_id')
    parser.add_argument('--parties', type=int, default=1_000_000)
    parser.add_argument('--lookups', type=int, default=10_000)
    parser.add_argument('--ilike-lookups', type=int, default=20)
    args = parser.parse_args()
    pool, _ = prepare(args.database, ['crm_telephony'])
    from trytond.transaction import Transaction
    with Transaction().start(args.database, 0) as transaction:
        cursor = transaction.connection.cursor()
        cursor.execute("SELECT COUNT(*) FROM party_party "
            "WHERE code LIKE 'CID-%%'")
        count, = cursor.fetchone()
        if count < args.parties:
            start = time.perf_counter()
            load_callers(cursor, count, args.parties)
            cursor.execute('ANALYZE party_party')
            cursor.execute('ANALYZE party_contact_mechanism')
            transaction.commit()
            print("loaded %s parties in %.1f s" % (
                    args.parties - count, time.perf_counter() - start))
        cursor.execute('SELECT COUNT(*) FROM party_party')
        total, = cursor.fetchone()

    Party = pool.get('party.party')
    rng = random.Random(42)
    numbers = random_numbers(rng, args.parties, args.lookups)
    timings, found = [], 0
    with Transaction().start(args.database, 0, readonly=True) as transaction:
        cursor = transaction.connection.cursor()
        for number in numbers[:100]:  # warm-up
            Party.find_by_phone(number, region='IR')
        warm = []
        for timing in (timings, warm):
            # first pass: pages read from disk as a PBX's random callers do;
            # second pass: the same numbers with the index in memory
            found = 0
            for number in numbers:
                start = time.perf_counter()
                parties = Party.find_by_phone(number, region='IR')
                timing.append(time.perf_counter() - start)
                found += bool(parties)
        ilike = []
        for number in numbers[:args.ilike_lookups]:
            digits = number.lstrip('+0')[-10:]
            start = time.perf_counter()
            cursor.execute(
                'SELECT party FROM party_contact_mechanism '
                'WHERE value ILIKE %s', ('%' + digits,))
            cursor.fetchall()
            ilike.append(time.perf_counter() - start)

    p50, p99 = percentile(timings, 0.50), percentile(timings, 0.99)
    ilike_p50 = statistics.median(ilike)
    print("parties in table: %s" % total)
    print("lookups: %d in mixed formats, %d found" % (len(numbers), found))
    print("indexed E.164 lookup (find_by_phone): p50 %.3f ms, p99 %.3f ms"
        % (p50 * 1000, p99 * 1000))
    print("same lookups again, index cached: p50 %.3f ms, p99 %.3f ms" % (
            percentile(warm, 0.50) * 1000, percentile(warm, 0.99) * 1000))
    print("non-indexed ILIKE on the raw value: p50 %.1f ms (%d lookups)"
        % (ilike_p50 * 1000, len(ilike)))
    print("ratio ILIKE / indexed (p50): %.0fx" % (ilike_p50 / p50))
    print("target p99 <= 2 ms: %s" % ("OK" if p99 <= 0.002 else "MISSED"))


if __name__ == '__main__':
    main()
