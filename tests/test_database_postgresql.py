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
