# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""After PostgreSQL restarts, the pooled connections it closed are dropped
at once; a request run again with its rows locked from the start waits for
them (``wait_for_locked_records``).

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
request goes on without a pause to a live or a new connection.

trytond reads the rows of a search or a read as dictionaries
(``tools.cursor_dict``), and names each row's columns from the cursor's
``description``: psycopg 3 builds that list of ``Column`` objects anew at
each access, so a search of n rows of c columns built n × c of them
(``read_column_names_once``)."""
import logging
import select
import selectors
import sys

logger = logging.getLogger(__name__)

# the largest id: ids are INTEGER (32 bits) in PostgreSQL (64 bits in
# SQLite); a larger number is no record, PostgreSQL refuses it
MAX_ID = 2 ** 31 - 1


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


def worker_reconnects():
    """Make trytond-worker take a new connection when PostgreSQL closed the
    one it pulls its tasks and listens on.

    trytond 8.0's worker opens that connection once, at its start.  After
    PostgreSQL restarts, each pull fails on it and the worker's loop goes
    round again without running a task, for good: the tasks queued after
    the restart (the sales' process after a posting, the invoices'
    reports, campaigns, SMS) stayed undone until the worker was restarted
    (issue 21; none of them run 60 s after the restart).  Here a pull on a
    broken connection takes a new one from the pool and puts it in the
    worker's selector in place of the old one, so that the notification of
    a new task wakes the worker again.

    A task that failed on the database (PostgreSQL restarting while it ran)
    is queued again for a few seconds later, without a notification; the
    pull tells the worker when the next such task is due only when it has
    just taken one (the time comes back with the row it updates), so the
    worker slept its whole ``--timeout`` (60 s) past it.  Here an empty pull
    says when the next task is due."""
    try:
        import trytond.worker as worker
    except ImportError:
        return
    original = worker.Queue.pull
    if getattr(original, 'reconnects', False):
        return

    def pull(self, name=None):
        connection = self.connection
        if connection.closed:
            # the pool's check waits for PostgreSQL; while it is down
            # this raises the error on which the worker pulls again
            self.connection = self.database.get_connection(autocommit=True)
            logger.info("the queue's connection to %s was lost: "
                "a new one", self.database.name)
            # the selector of trytond.worker.work, the caller, watches the
            # lost connection's socket
            selector = sys._getframe(1).f_locals.get('selector')
            if isinstance(selector, selectors.BaseSelector):
                _watch_instead(selector, connection, self)
            try:
                self.database.put_connection(connection)
            except Exception:
                # the pool discards a broken connection; an error here
                # must not stop the worker
                pass
        task_id, next_ = pull.__wrapped__(self, name=name)
        if task_id is None and next_ is None:
            next_ = _next_due(self.connection, name)
        return task_id, next_
    pull.reconnects = True
    pull.__wrapped__ = original
    worker.Queue.pull = pull


def _next_due(connection, name=None):
    "Seconds until the next task of the queue is due, or None"
    from sql import Literal, Null, Table
    from sql.aggregate import Min
    from sql.functions import CurrentTimestamp, Extract
    queue = Table('ir_queue')
    cursor = connection.cursor()
    # the candidates of trytond's pull
    cursor.execute(*queue.select(
            Min(Extract('EPOCH', queue.scheduled_at - CurrentTimestamp())),
            where=((queue.name == name) if name else Literal(True))
            & (queue.dequeued_at == Null)
            & (queue.scheduled_at >= CurrentTimestamp())))
    seconds, = cursor.fetchone()
    return float(seconds) if seconds is not None else None


def _watch_instead(selector, lost, queue):
    """Make selector watch the new connection of queue instead of the lost
    one.

    An epoll set watches a socket, not its number.  The lost socket lives
    on in the processes the worker forked before (its pool): epoll would
    report its hang-up for ever under the number the new socket took, and
    the worker would pull again and again without a pause.  So an epoll
    selector gets a new set, with the other registrations."""
    keys = [k for k in selector.get_map().values() if k.fileobj is not lost]
    for key in list(selector.get_map().values()):
        # by number: a lost connection has none
        selector.unregister(key.fd)
    if isinstance(selector, selectors.EpollSelector):
        selector._selector.close()
        selector._selector = select.epoll()
    for key in keys:
        selector.register(key.fileobj, key.events, key.data)
    selector.register(queue.connection, selectors.EVENT_READ, data=queue)


def wait_for_locked_records():
    """Make the rows a request runs again with (``_lock_records``) wait for
    the transaction holding them instead of NOWAIT.

    Tryton restarts a request whose ``Model.lock`` met a held row, and the
    suite one whose ``lock_rows`` waited for a row another transaction
    changed (``tools.LockedRowsChanged``), with those rows locked by the
    first statements of its new transaction, before anything is read: a
    commit on them can no longer invalidate the new run.  trytond takes that
    lock with NOWAIT and retries a few times over about 0.3 s, then answers
    "database busy".  Here it waits, up to the suite's ``lock_timeout``
    (section ``[crm_fin]``, 10 s by default) in all.  A wait for a holder
    that changed the rows ends in a serialisation failure (the snapshot is
    taken when the statement starts): the transaction, which has done
    nothing but these locks, is rolled back and takes them again at once on
    a new snapshot, as many times as other holders come first."""
    try:
        from trytond.backend.postgresql.database import Database
    except ImportError:  # SQLite only
        return
    if getattr(Database.lock_records, 'waits', False):
        return
    import time
    import weakref

    from sql import For, Literal, Table
    from sql.operators import Any

    from trytond import backend, config
    from trytond.transaction import Transaction

    # {connection: (its transaction, {table: ids} locked at its start)}
    started = weakref.WeakKeyDictionary()

    def lock_records(cls, connection, table, ids):
        # the transaction being started (Transaction.start's loop may call
        # again after a rollback: the rows are locked again, once)
        transactions = Transaction._local.transactions
        current = transactions[-1] if transactions else None
        transaction, locks = started.get(connection, (None, {}))
        if current is None or transaction is None or transaction() is not (
                current):
            locks = {}
        locks = dict(locks)
        locks[table] = sorted(set(locks.get(table, [])) | set(ids))
        timeout = config.getint('crm_fin', 'lock_timeout', default=10)
        deadline = time.monotonic() + timeout
        cursor = connection.cursor()
        # the request's statement timeout, set on the connection in the
        # transaction (a rollback would undo it)
        cursor.execute('SHOW statement_timeout')
        statement_timeout, = cursor.fetchone()
        while True:
            cursor = connection.cursor()
            try:
                for name, locked_ids in locks.items():
                    left = max(deadline - time.monotonic(), 0.001)
                    cursor.execute(
                        "SET LOCAL lock_timeout = '%dms'" % (left * 1000))
                    sql_table = Table(name)
                    cursor.execute(*sql_table.select(Literal(1),
                            where=sql_table.id == Any(locked_ids),
                            for_=For('UPDATE')))
            except backend.DatabaseOperationalError as exception:
                if (getattr(exception, 'sqlstate', None) != '40001'
                        or time.monotonic() >= deadline
                        # tables locked before: Tryton's own retry
                        or getattr(current, '_locked_tables', None)):
                    raise
                # a holder changed the rows: the transaction, which did
                # nothing but lock, takes them all again on a new snapshot
                connection.rollback()
                connection.cursor().execute(
                    "SET statement_timeout = '%s'" % statement_timeout)
                continue
            break
        cursor.execute('SET LOCAL lock_timeout TO DEFAULT')
        started[connection] = (
            weakref.ref(current) if current is not None else None, locks)
    lock_records.waits = True
    Database.lock_records = classmethod(lock_records)


def read_column_names_once():
    """Make ``trytond.tools.cursor_dict`` read the column names once per
    result instead of once per row.

    A customer's form reads the ids of the customer's cheques with a search
    that also fetches the cheques' columns for the cache: with 150 cheques
    of 14 columns, 2 100 ``Column`` objects were built (psycopg 3's
    ``description`` is computed at each access), two thirds of that read's
    CPU (issue 21).  The rows are fetched by batches of at least 1 000:
    trytond's cursors are client-side, the result is already in memory."""
    import trytond.tools
    if getattr(trytond.tools.cursor_dict, 'names_once', False):
        return
    original = trytond.tools.cursor_dict

    def cursor_dict(cursor, size=None):
        size = max(cursor.arraysize, 1000) if size is None else size
        names = None
        while True:
            rows = cursor.fetchmany(size)
            if not rows:
                break
            if names is None:
                names = [d[0] for d in cursor.description]
            for row in rows:
                yield dict(zip(names, row))
    cursor_dict.names_once = True
    cursor_dict.__doc__ = original.__doc__
    # the modules that imported it by name (account, a dependency of the
    # suite, is imported before it)
    import sys
    for name in ['trytond.tools', 'trytond.model.modelsql', 'trytond.ir.model',
            'trytond.ir.translation', 'trytond.modules.account.tax']:
        module = sys.modules.get(name)
        if getattr(module, 'cursor_dict', None) is original:
            module.cursor_dict = cursor_dict


class _ReadMemo(dict):
    "One-to-many values of a read-only transaction (see ``_read_memo``)"
    # a dict subclass: Transaction.cache holds its values weakly


def _read_memo(create=True):
    """The one-to-many values read by the current read-only transaction in
    its context, {(model, field): {id: target ids}} (None outside one).

    A read-only transaction reads one snapshot and changes nothing, so a
    value read once stays true for it in the same context.  The key leaves
    out ``_check_access`` alone: the record rules can only narrow what a
    user's read found, and Tryton's getters run without them.  The memo is
    one of the transaction's caches, which it clears at its commit and its
    rollback (a new snapshot)."""
    from trytond.cache import freeze
    from trytond.transaction import Transaction
    transaction = Transaction()
    if not transaction.readonly:
        return None
    context = {k: v for k, v in transaction.context.items()
        if k != '_check_access'}
    try:
        key = ('crm_fin.one2many', transaction.user, freeze(context))
        hash(key)
    except TypeError:  # a context value that cannot be a key
        return None
    memo = transaction.cache.get(key)
    if memo is None and create:
        memo = transaction.cache[key] = _ReadMemo()
        # the transaction's caches are weak values: kept by the transaction
        transaction.__dict__.setdefault('_crm_read_memos', []).append(memo)
    return memo


def one2many_of_read(record, name):
    """Give record the targets of its one-to-many field name as the read of
    the same read-only transaction found them, if it read them: Tryton's
    code then takes them from the record (as a read-only transaction's
    record keeps them) instead of reading them again.  Return them, or None
    when nothing read them (the field is read as usual then).

    For the getters deriving a value from a one-to-many that the form reads
    too (the phone from the contact mechanisms, the job title from the
    positions), a round trip each of a customer's form (issue 21); the
    model names the field in ``_one2many_read_kept``.  The targets' columns
    are in the transaction's cache since that search."""
    memo = _read_memo(create=False)
    if not memo or record.id is None or record.id < 0:
        return None
    ids = memo.get((record.__name__, name), {}).get(record.id)
    if ids is None:
        return None
    targets = tuple(record._fields[name].get_target().browse(ids))
    record._local_cache[record.id][name] = targets
    return targets


def one2many_parents_from_search():
    """Make ``fields.One2Many.get`` group the targets by the parent its
    search already fetched instead of reading the targets again.

    trytond 8.0 searches the targets of the parents, then reads the parent
    field of the targets it found: a second round trip for each one-to-many
    field, though the search fills the transaction's cache with the targets'
    columns (the parent among them).  A customer's form reads twenty of them
    (the addresses, the positions, the company-dependent values of the
    party...), each round trip about 8 ms under the mixed load of
    ``benchmarks/load.py`` (issue 21).  Here the parent is taken from the
    searched records: from the cache when the search filled it, else by the
    same read.  The order, the filter and the reference fields are as in
    trytond; a reference key keeps trytond's own code.  A read-only
    transaction keeps the values of the fields a model names in
    ``_one2many_read_kept`` for its getters (``one2many_of_read``)."""
    from trytond.model import fields
    original = fields.One2Many.get
    if getattr(original, 'parents_from_search', False):
        return

    def get(self, ids, model, name, values=None):
        Target = self.get_target()
        field = Target._fields[self.field]
        if field._type == 'reference':
            return original(self, ids, model, name, values=values)
        # the order of trytond 8.0's One2Many.get
        order = []
        if field.sortable(Target):
            order = [(self.field + '.id', None)]
        if self.order:
            order += self.order
        elif Target._order:
            order += [
                (oexpr, otype) for oexpr, otype in Target._order
                if not oexpr.startswith(f'{self.field}.')]
        clause = [(self.field, 'in', ids)]
        if self.filter:
            clause.append(self.filter)
        result = {i: [] for i in ids}
        for target in Target.search(clause, order=order):
            result[getattr(target, self.field).id].append(target.id)
        result = {i: tuple(t) for i, t in result.items()}
        # only the fields whose getters take them (one2many_of_read)
        if name in getattr(model, '_one2many_read_kept', ()):
            memo = _read_memo()
            if memo is not None:
                memo.setdefault((model.__name__, name), {}).update(result)
        return result
    get.parents_from_search = True
    get.__doc__ = original.__doc__
    get.__wrapped__ = original
    fields.One2Many.get = get
