# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""After PostgreSQL restarts, the pooled connections it closed are dropped
at once.

trytond's PostgreSQL backend keeps its connections in a psycopg_pool
``ConnectionPool`` (up to ``[database] maxconn``) and checks each one a
request takes (``check=ConnectionPool.check_connection``).  When PostgreSQL
restarts, every idle connection of the pool is dead, and a request takes
them one after the other: psycopg_pool pauses 0, 1, 2, 4, 8, 16 s between
two failed checks, so a request meeting six or seven of them waits out the
pool's 30 s timeout, and the other requests of the process queue behind it
(issue 21: every trytond silent for 30 s after the restart,
``benchmarks/pg_restart.py``).

psycopg's maintainer advises calling the pool's ``check()`` once a broken
connection is seen (psycopg/psycopg#701): here the first failed check of a
request checks every idle connection of its pool.  The dead ones are
replaced in the background, the live ones go back to the pool, and the
request goes on without a pause to a live or a new connection."""
import logging

logger = logging.getLogger(__name__)


def check_pool_on_broken_connection():
    "Make psycopg_pool check the whole pool when a connection fails its check"
    try:
        import psycopg_pool
    except ImportError:  # SQLite only
        return
    ConnectionPool = psycopg_pool.ConnectionPool
    check_connection = getattr(ConnectionPool, '_check_connection', None)
    if check_connection is None:
        logger.warning("psycopg_pool %s has no _check_connection: "
            "its pool is not checked at once after a broken connection",
            psycopg_pool.__version__)
        return
    if getattr(check_connection, 'checks_pool', False):
        return

    def _check_connection(self, conn):
        try:
            check_connection(self, conn)
        except Exception:
            logger.info("a connection of %s is broken: checking the others",
                self.name)
            self.check()
            raise
    _check_connection.checks_pool = True
    ConnectionPool._check_connection = _check_connection
