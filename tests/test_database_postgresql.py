"""PostgreSQL closed the pooled connections of a running trytond (as its
restart does): the first request after it goes on to a live connection
without psycopg_pool's pauses between the dead ones (crm_fin/database.py).
Skipped on SQLite."""
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
