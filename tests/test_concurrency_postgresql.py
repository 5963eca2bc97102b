"""Two trytond processes on one PostgreSQL collect the same installment at
the same moment: exactly one collects it, the other gets the clear
"already collected" error (after running again on the serialisation
failure: crm_fin's ``lock_rows``), and the installment is paid once.
Skipped on SQLite."""
import json
import subprocess
import sys
import textwrap
import time
import unittest

from trytond import backend

from pg_demo import ROOT, demo_database, pg_env, run

# One trytond "process": collect installment ``id`` through the RPC
# dispatcher's retry loop (what trytond does for every request), holding the
# transaction open for ``hold`` seconds after the work so the other process
# collides with it.
COLLECT = textwrap.dedent('''
    import json, sys, time
    from trytond import config
    config.update_etc(sys.argv[2])
    from trytond.backend import DatabaseOperationalError
    from trytond.exceptions import UserError
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError
    database, installment_id, hold = sys.argv[1], int(sys.argv[3]), float(
        sys.argv[4])
    # "lock-first": lock the row, say so and hold it before collecting, so
    # that the other process is sure to find it locked
    lock_first = sys.argv[5:] == ['lock-first']
    Pool.start()
    pool = Pool(database)
    pool.init()
    result = {'attempts': 0, 'retried': 0}
    print('ready', flush=True)
    sys.stdin.readline()  # wait for "go"
    # the loop of trytond.protocols.dispatcher: lock requests restart the
    # transaction with the rows locked, operational errors are retried
    retry = config.getint('database', 'retry')
    extras, count = {}, 0
    while True:
        if count:
            time.sleep(0.02 * count)
        result['attempts'] += 1
        try:
            transaction = Transaction().start(database, 1, **extras)
        except DatabaseOperationalError:
            # the rows asked for by a TransactionError (the strict sequence
            # of the moves) are still held by the other process: the web
            # client would show "busy, try again"; a user retries
            count += 1
            result['retried'] += 1
            if count > 10 * retry:
                result['result'] = 'busy'
                break
            continue
        with transaction:
            try:
                User = pool.get('res.user')
                context = User.get_preferences(context_only=True)
                with transaction.set_context(context):
                    Installment = pool.get('crm.installment')
                    if lock_first:
                        from trytond.modules.crm_fin.tools import lock_rows
                        lock_rows(Installment, [installment_id])
                        print('locked', flush=True)
                        time.sleep(hold)
                    Installment.collect([Installment(installment_id)])
                    if not lock_first:
                        time.sleep(hold)
                result['result'] = 'collected'
            except TransactionError as exception:
                transaction.rollback()
                exception.fix(extras)
                continue
            except DatabaseOperationalError:
                transaction.rollback()
                if count < retry:
                    count += 1
                    result['retried'] += 1
                    continue
                result['result'] = 'busy'
            except UserError as exception:
                transaction.rollback()
                result['result'] = 'refused'
                result['message'] = exception.message
        break
    print(json.dumps(result), flush=True)
    ''')

# The loop of trytond.protocols.dispatcher, for the scripts below
DISPATCH = textwrap.dedent('''
    def dispatch(database, work):
        """Run work(transaction) in a transaction, again as long as it asks
        to (TransactionError); return the number of runs"""
        from trytond.transaction import Transaction, TransactionError
        extras, runs = {}, 0
        while True:
            runs += 1
            with Transaction().start(database, 0, **extras) as transaction:
                try:
                    work(transaction)
                except TransactionError as exception:
                    transaction.rollback()
                    exception.fix(extras)
                    continue
            return runs
    ''')

# The run again of a request whose lock_rows waited for a strict sequence
# that the holder changed (a cheque's receipt numbering its move): prints,
# per run, whether its transaction held the sequence from its start.
RERUN = DISPATCH + textwrap.dedent('''
    import json, sys, threading, time
    from trytond import config
    config.update_etc(sys.argv[2])
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    database, from_start = sys.argv[1], sys.argv[3] == 'from-start'
    Pool.start()
    pool = Pool(database)
    pool.init()
    from trytond.modules.crm_fin.tools import lock_rows
    Sequence = pool.get('ir.sequence.strict')
    with Transaction().start(database, 0, readonly=True):
        sequence = Sequence.search([], order=[('id', 'ASC')], limit=1)[0].id
    locked = threading.Event()

    def hold():
        with Transaction().start(database, 0) as transaction:
            lock_rows(Sequence, [sequence], from_start=True)
            locked.set()
            time.sleep(1)
            transaction.connection.cursor().execute(
                'UPDATE ir_sequence_strict SET write_date = '
                'CURRENT_TIMESTAMP WHERE id = %s', (sequence,))
    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait()
    runs = []

    def work(transaction):
        runs.append(sequence in transaction._locked_records.get(
                'ir_sequence_strict', ()))
        lock_rows(Sequence, [sequence], from_start=from_start)
    dispatch(database, work)
    holder.join()
    print(json.dumps(runs))
    ''')

# Two marketers quote for the same company and day at once: the second's
# request (through the dispatcher's loop) while the first's transaction is
# still open.  Prints the second's runs and the day's quotations as the
# summary adds them up and as counted directly.
QUOTE = DISPATCH + textwrap.dedent('''
    import datetime, json, sys, threading, time
    from trytond import config
    config.update_etc(sys.argv[2])
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    database = sys.argv[1]
    Pool.start()
    pool = Pool(database)
    pool.init()
    Sale = pool.get('sale.sale')
    Daily = pool.get('crm.quotation.daily')
    day = datetime.date(2099, 1, 1)

    def quote():
        sale, = Sale.search([('quotation_date', '!=', None)], limit=1,
            order=[('id', 'ASC')])
        with Transaction().set_context(company=sale.company.id):
            Sale.copy([sale], {'quotation_date': day})

    # the day has its row before the two
    with Transaction().start(database, 0):
        quote()
    quoted = threading.Event()

    def hold():
        with Transaction().start(database, 0):
            quote()
            quoted.set()
            time.sleep(1)
    holder = threading.Thread(target=hold)
    holder.start()
    quoted.wait()
    runs = dispatch(database, lambda transaction: quote())
    holder.join()
    with Transaction().start(database, 0, readonly=True) as transaction:
        cursor = transaction.connection.cursor()
        daily = Daily.__table__()
        cursor.execute(*daily.select(daily.quotations,
                where=daily.date == day))
        summed = sum(q for q, in cursor)
        direct = Sale.search_count([('quotation_date', '=', day)])
    print(json.dumps({'runs': runs, 'summed': summed, 'direct': direct}))
    ''')

FIND = textwrap.dedent('''
    import sys
    from proteus import Model, config
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    Installment = Model.get('crm.installment')
    installment, = Installment.find([
        ('kind', '=', 'credit'), ('state', '=', 'planned'),
        ('line', '!=', None)], limit=1)
    print(installment.id)
    ''')

STATE = textwrap.dedent('''
    import sys
    from proteus import Model, config
    config.set_trytond(database=sys.argv[1], config_file=sys.argv[2])
    installment = Model.get('crm.installment')(int(sys.argv[3]))
    print(installment.state, len(installment.collect_lines),
        int(installment.line.reconciliation is not None))
    ''')


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class ConcurrentCollectTestCase(unittest.TestCase):

    def collect_at_once(self, holds, env=None, lock_first=False):
        """Two processes collect one installment, the first holding it for
        holds[0] seconds (after its collect, or before it with lock_first:
        the second starts once the first has locked the row); return the
        installment and their results"""
        database = demo_database()
        installment_id = run(
            sys.executable, '-c', FIND, database, 'trytond.conf').strip()
        processes = [subprocess.Popen(
                [sys.executable, '-c', COLLECT, database, 'trytond.conf',
                    installment_id, hold]
                + (['lock-first'] if lock_first and not i else []),
                env=dict(pg_env(), **(env or {})), cwd=ROOT, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE)
            for i, hold in enumerate(holds)]
        for process in processes:
            self.assertEqual(process.stdout.readline().strip(), 'ready')
        for i, process in enumerate(processes):
            # the first one collects and holds the row
            process.stdin.write('go\n')
            process.stdin.flush()
            if lock_first and not i:
                self.assertEqual(process.stdout.readline().strip(), 'locked')
            else:
                time.sleep(0.5)
        results = []
        for process in processes:
            out, err = process.communicate(timeout=120)
            self.assertEqual(process.returncode, 0, err)
            results.append(json.loads(out.strip().splitlines()[-1]))
        return database, installment_id, results

    def test_collect_same_installment_postgresql(self):
        "Two processes collect one installment: one wins, one is refused"
        database, installment_id, results = self.collect_at_once(['2', '0'])
        first, second = results
        self.assertEqual(first['result'], 'collected')
        # The loser waited for the winner's commit (2 s), ran again and
        # was refused with the user's message.
        self.assertEqual(second['result'], 'refused', second)
        self.assertIn('already collected', second['message'])
        self.assertGreaterEqual(second['attempts'], 2, second)
        state = run(sys.executable, '-c', STATE, database, 'trytond.conf',
            installment_id).split()
        self.assertEqual(state, ['collected', '1', '1'])

    def test_run_again_not_retry_postgresql(self):
        """Running again after the wait is not one of trytond's few retries
        of an operational error: without any retry, the loser is still
        refused with the user's message, not told the database is busy"""
        database, installment_id, results = self.collect_at_once(['2', '0'],
            env={'TRYTOND_DATABASE__RETRY': '0'})
        first, second = results
        self.assertEqual(first['result'], 'collected')
        self.assertEqual(second['result'], 'refused', second)
        self.assertIn('already collected', second['message'])
        state = run(sys.executable, '-c', STATE, database, 'trytond.conf',
            installment_id).split()
        self.assertEqual(state, ['collected', '1', '1'])

    def test_lock_timeout_postgresql(self):
        """A user waits at most the lock timeout for an installment another
        user is collecting, then is asked to try again"""
        _, _, results = self.collect_at_once(['6', '0'],
            env={'TRYTOND_CRM_FIN__LOCK_TIMEOUT': '1'}, lock_first=True)
        first, second = results
        self.assertEqual(first['result'], 'collected')
        self.assertEqual(second['result'], 'refused', second)
        self.assertIn('try again', second['message'])


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class LockedFromStartTestCase(unittest.TestCase):

    def runs(self, mode):
        out = run(sys.executable, '-c', RERUN, demo_database(),
            'trytond.conf', mode)
        return json.loads(out.strip().splitlines()[-1])

    def test_sequence_locked_from_start_postgresql(self):
        """A request that waited for a strict sequence another transaction
        changed runs again holding it from its start: no other commit on it
        can make it run again (a posting under load and the cheques'
        receipts)"""
        self.assertEqual(self.runs('from-start'), [False, True])
        # without from_start (a customer's rows): locked when used
        self.assertEqual(self.runs('when-used'), [False, False])


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class QuotationsOfADayTestCase(unittest.TestCase):

    def test_quotations_same_day_postgresql(self):
        """Two marketers quote for the same day at once: neither waits for
        the other nor runs again (the day's summary rows are only added),
        and the rows add up to the day's quotations"""
        out = run(sys.executable, '-c', QUOTE, demo_database(),
            'trytond.conf')
        result = json.loads(out.strip().splitlines()[-1])
        self.assertEqual(result['runs'], 1, result)
        self.assertEqual(result['summed'], result['direct'], result)
        self.assertGreaterEqual(result['direct'], 3, result)
