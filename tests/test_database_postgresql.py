"""PostgreSQL closed the pooled connections of a running trytond (as its
restart does): the first request after it goes on to a live connection
without psycopg_pool's pauses between the dead ones, and trytond-worker
pulls and listens on a new connection (crm_fin/database.py).  Skipped on
SQLite."""
import os
import selectors
import socket
import time
import unittest
from unittest import mock

from trytond import backend


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class BrokenConnectionsTestCase(unittest.TestCase):

    def test_dead_connections_dropped_at_once_postgresql(self):
        import psycopg_pool.pool

        # what every process loading the suite does
        from trytond.modules.crm_fin import check_pool_on_broken_connection
        check_pool_on_broken_connection()

        # a pool of its own: the database the cluster always has
        database = backend.Database('postgres')
        self.addCleanup(database.close)
        # every idle connection of the pool taken, and a few new ones
        idle = database._connpool.get_stats().get('pool_available', 0)
        connections = [database.get_connection() for _ in range(idle + 5)]
        pids = [c.info.backend_pid for c in connections]
        alive = connections.pop()
        # PostgreSQL closes all of them but one, as when it restarts
        with alive.cursor() as cursor:
            cursor.execute('SELECT pg_terminate_backend(pid) '
                'FROM unnest(%s::int[]) AS pid', (pids[:-1],))
            for _ in range(100):
                cursor.execute('SELECT count(*) FROM pg_stat_activity '
                    'WHERE pid = ANY(%s::int[])', (pids[:-1],))
                if not cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
        alive.rollback()
        # back to the pool: the dead ones first, the live one at the end
        for connection in connections + [alive]:
            database.put_connection(connection)

        pauses = []
        sleep = psycopg_pool.pool.sleep

        def record(delay):
            pauses.append(delay)
            sleep(delay)
        with mock.patch.object(psycopg_pool.pool, 'sleep', record):
            connection = database.get_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute('SELECT 1')
                self.assertEqual(cursor.fetchone(), (1,))
        finally:
            database.put_connection(connection)
        # one dead connection met, no pause before the next one (without
        # the check of the pool: one dead connection after the other,
        # pausing 0, 1, 2, 4 s between them)
        self.assertEqual(pauses, [0])


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class LockRecordsAtStartTestCase(unittest.TestCase):
    "A request run again with its rows locked from its start waits for them"

    def test_lock_records_waits_for_holder_postgresql(self):
        import threading

        from trytond import config

        # what every process loading the suite does
        from trytond.modules.crm_fin import wait_for_locked_records
        wait_for_locked_records()

        database = backend.Database('postgres')
        self.addCleanup(database.close)
        holder = database.get_connection()
        self.addCleanup(database.put_connection, holder)
        table = 'crm_fin_test_lock_records'
        with holder.cursor() as cursor:
            cursor.execute('DROP TABLE IF EXISTS %s' % table)
            cursor.execute(
                'CREATE TABLE %s (id INTEGER PRIMARY KEY, n INTEGER)' % table)
            cursor.execute('INSERT INTO %s VALUES (1, 0)' % table)
        holder.commit()

        def drop():
            with holder.cursor() as cursor:
                cursor.execute('DROP TABLE IF EXISTS %s' % table)
            holder.commit()
        self.addCleanup(drop)

        # another transaction holds the row for a second, then changes it
        # (a cheque's receipt numbering its move)
        with holder.cursor() as cursor:
            cursor.execute(
                'SELECT 1 FROM %s WHERE id = 1 FOR UPDATE' % table)

        def release():
            time.sleep(1)
            with holder.cursor() as cursor:
                cursor.execute('UPDATE %s SET n = 1 WHERE id = 1' % table)
            holder.commit()
        thread = threading.Thread(target=release)
        thread.start()
        self.addCleanup(thread.join)

        # the start of trytond's Transaction with _lock_records: its lock,
        # retried on an operational error after a rollback
        connection = database.get_connection()
        self.addCleanup(database.put_connection, connection)
        retry = config.getint('database', 'retry')
        failures, started = 0, time.monotonic()
        for count in range(retry + 1):
            if count:
                time.sleep(0.02 * (retry - count))
            try:
                database.lock_records(connection, table, [1])
                break
            except backend.DatabaseOperationalError:
                connection.rollback()
                failures += 1
        else:
            self.fail("the row is not locked after %s tries (%.1f s)"
                % (failures, time.monotonic() - started))
        # it waited for the holder (NOWAIT: "busy" after about 0.3 s) and
        # its wait's serialisation failure was no failure of the start: it
        # locked the row again at once, on a snapshot that sees the change
        self.assertGreaterEqual(time.monotonic() - started, 0.9)
        self.assertEqual(failures, 0)
        with connection.cursor() as cursor:
            cursor.execute('SELECT n FROM %s WHERE id = 1' % table)
            self.assertEqual(cursor.fetchone(), (1,))
        connection.rollback()


@unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
class WorkerReconnectsTestCase(unittest.TestCase):
    "trytond-worker's queue takes a new connection after losing its own"

    def test_pull_takes_new_connection_postgresql(self):
        from trytond import worker

        # what every process loading the suite does
        from trytond.modules.crm_fin import worker_reconnects
        worker_reconnects()

        database = backend.Database('postgres').connect()
        self.addCleanup(database.close)
        # trytond.worker.Queue on the database the cluster always has
        queue = worker.Queue.__new__(worker.Queue)
        queue.database = database
        queue.connection = database.get_connection(autocommit=True)
        queue.executor = None
        lost = queue.connection
        # PostgreSQL closes it, as when it restarts
        killer = database.get_connection(autocommit=True)
        self.addCleanup(database.put_connection, killer)
        with killer.cursor() as cursor:
            cursor.execute('SELECT pg_terminate_backend(%s)',
                (lost.info.backend_pid,))
        pulled = []

        def pull(queue, name=None):
            "trytond's pull: a query on the queue's connection"
            with queue.connection.cursor() as cursor:
                cursor.execute('SELECT 1')
            pulled.append(queue.connection)
            return 1, None

        def work():
            "as trytond.worker.work: its selector, pulls in a loop"
            with selectors.DefaultSelector() as selector:
                selector.register(
                    queue.connection, selectors.EVENT_READ, data=queue)
                for _ in range(2):
                    try:
                        queue.pull()
                    except backend.DatabaseOperationalError:
                        continue
                return [(k.fileobj, k.data)
                    for k in selector.get_map().values()]

        with mock.patch.object(worker.Queue.pull, '__wrapped__', pull):
            watched = work()
        self.addCleanup(database.put_connection, queue.connection)
        # the first pull failed on the lost connection, the second one ran
        # on a new one, which the selector watches instead
        self.assertTrue(lost.closed)
        self.assertEqual(pulled, [queue.connection])
        self.assertIsNot(queue.connection, lost)
        self.assertEqual(watched, [(queue.connection, queue)])

    def test_empty_pull_says_next_due_postgresql(self):
        "A pull without a task due tells when the next one is"
        from trytond.modules.crm_fin.database import _next_due

        database = backend.Database('postgres').connect()
        self.addCleanup(database.close)
        connection = database.get_connection(autocommit=True)
        self.addCleanup(database.put_connection, connection)
        with connection.cursor() as cursor:
            # the columns of trytond's queue that the pull reads
            cursor.execute('CREATE TEMPORARY TABLE ir_queue ('
                'name VARCHAR, dequeued_at TIMESTAMP, scheduled_at TIMESTAMP)')
            self.addCleanup(
                connection.execute, 'DROP TABLE IF EXISTS pg_temp.ir_queue')
            self.assertIsNone(_next_due(connection))
            cursor.execute("INSERT INTO ir_queue VALUES "
                # queued again after a failure, 30 s from now
                "('default', NULL, CURRENT_TIMESTAMP + INTERVAL '30 s'), "
                # taken, or of another queue: not waited for
                "('default', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP + INTERVAL '5 s'), "
                "('other', NULL, CURRENT_TIMESTAMP + INTERVAL '10 s')")
        self.assertAlmostEqual(_next_due(connection, 'default'), 30, delta=2)
        self.assertAlmostEqual(_next_due(connection), 10, delta=2)

    def test_selector_forgets_lost_socket(self):
        "An epoll set does not report the lost socket under a new one's fd"
        from trytond.modules.crm_fin.database import _watch_instead

        class Queue:
            pass
        queue = Queue()
        lost, peer = socket.socketpair()
        selector = selectors.DefaultSelector()
        self.addCleanup(selector.close)
        selector.register(lost, selectors.EVENT_READ, data=queue)
        # the worker's forked processes keep the lost socket open
        inherited = os.dup(lost.fileno())
        self.addCleanup(os.close, inherited)
        number = lost.fileno()
        peer.close()
        lost.close()
        new, other = socket.socketpair()
        self.addCleanup(new.close)
        self.addCleanup(other.close)
        if new.fileno() != number:
            self.skipTest("the new socket did not take the lost one's fd")
        queue.connection = new
        _watch_instead(selector, lost, queue)
        # nothing to read yet: no hang-up of the lost socket reported
        self.assertEqual(selector.select(timeout=0), [])
        other.send(b'notify')
        (key, _), = selector.select(timeout=1)
        self.assertIs(key.fileobj, new)
        self.assertIs(key.data, queue)
