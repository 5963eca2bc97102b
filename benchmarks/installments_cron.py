#!/usr/bin/env python
# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Benchmark: the installment due-date cron over 100 000 installments.

Creates (or reuses) a PostgreSQL database with crm_installments activated,
bulk-loads parties and installments with set-based SQL, then times
``crm.installment.raise_due_alarms`` twice (the second run must raise
nothing: idempotence) and prints the rows the selection query scans
(EXPLAIN ANALYZE).  Target: <= 20 s on a 2-core machine.

    bash scripts/pg.sh   # prints the URI
    TRYTOND_DATABASE__URI=postgresql://tryton:tryton@127.0.0.1:5432/ \\
        python benchmarks/installments_cron.py [--installments 100000]
"""
import argparse
import datetime
import time

from common import prepare


def load_installments(cursor, company, first, last, count, days):
    """Insert count installments of the parties first..last, due over days
    around today, 1 in 5 collected, in set-based SQL"""
    cursor.execute(
        'INSERT INTO crm_installment (company, party, currency, '
        'kind, amount, due_date, state, create_uid, create_date) '
        'SELECT %s, %s + (g %% (%s - %s + 1)), %s, '
        "(ARRAY['cash','credit','cheque','deposit','pos'])"
        '[1 + g %% 5], 1000000 + (g %% 97) * 10000, '
        'CURRENT_DATE + ((g %% %s) - %s / 2), '
        "CASE WHEN g %% 5 = 0 THEN 'collected' ELSE 'planned' END, "
        '0, NOW() FROM generate_series(1, %s) AS g',
        (company.id, first, last, first, company.currency.id,
            days, days, count))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--database', default='bench_installments')
    parser.add_argument('--installments', type=int, default=100_000)
    parser.add_argument('--parties', type=int, default=10_000)
    parser.add_argument('--days', type=int, default=365,
        help="due dates are spread over this many days around today")
    args = parser.parse_args()
    pool, _ = prepare(args.database,
        ['crm_installments', 'sale_discount', 'commission'])
    from trytond.transaction import Transaction
    with Transaction().start(args.database, 0) as transaction:
        cursor = transaction.connection.cursor()
        Company = pool.get('company.company')
        Currency = pool.get('currency.currency')
        Party = pool.get('party.party')
        companies = Company.search([])
        if companies:
            company, = companies
        else:
            currency, = Currency.create([{
                        'name': "Iranian Rial", 'code': 'IRR',
                        'symbol': 'IRR', 'rounding': 1, 'digits': 0}])
            party, = Party.create([{'name': "Bench Co."}])
            company, = Company.create([{
                        'party': party.id, 'currency': currency.id}])
        cursor.execute('SELECT COUNT(*) FROM crm_installment')
        count, = cursor.fetchone()
        if count < args.installments:
            load = time.perf_counter()
            cursor.execute(
                'INSERT INTO party_party (name, code, active, create_uid, '
                'create_date) SELECT %s || g, %s || g, true, 0, NOW() '
                'FROM generate_series(1, %s) AS g',
                ("Customer ", 'BENCH-', args.parties))
            cursor.execute('SELECT MIN(id), MAX(id) FROM party_party '
                "WHERE code LIKE 'BENCH-%%'")
            first, last = cursor.fetchone()
            load_installments(cursor, company, first, last,
                args.installments - count, args.days)
            cursor.execute('ANALYZE crm_installment')
            transaction.commit()
            print("loaded %s installments in %.1f s" % (
                    args.installments - count, time.perf_counter() - load))
        cursor.execute('SELECT COUNT(*) FROM crm_installment')
        total, = cursor.fetchone()

    Installment = pool.get('crm.installment')
    Alarm = pool.get('crm.alarm')
    Date = pool.get('ir.date')
    with Transaction().start(args.database, 0, context={
                'company': company.id}) as transaction:
        cursor = transaction.connection.cursor()
        config = pool.get('crm.installment.configuration')(1)
        today = Date.today()
        before = today + datetime.timedelta(days=config.alarm_days or 0)
        cursor.execute(
            'EXPLAIN (ANALYZE, FORMAT TEXT) SELECT id FROM crm_installment '
            "WHERE state = 'planned' AND due_date IN (%s, %s)",
            (today, before))
        plan = [r[0] for r in cursor]
        Alarm.delete(Alarm.search([
                    ('origin', 'like', 'crm.installment,%')]))
        transaction.commit()

        timings = []
        for run in range(2):
            start = time.perf_counter()
            alarms, selected = Installment.raise_due_alarms()
            transaction.commit()
            timings.append((time.perf_counter() - start, len(alarms),
                    selected))

    print("installments in table: %s" % total)
    print("selection query plan:")
    for line in plan:
        print("    " + line)
    for i, (seconds, created, selected) in enumerate(timings, 1):
        print("run %d: %.2f s, %d installments due selected, "
            "%d alarms raised" % (i, seconds, selected, created))
    status = "OK" if timings[0][0] <= 20 else "SLOWER THAN TARGET"
    print("target <= 20 s: %s" % status)


if __name__ == '__main__':
    main()
