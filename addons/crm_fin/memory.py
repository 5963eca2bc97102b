# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Python's full garbage collections no longer walk the loaded pool.

A ``trytond`` process holds about 250 000 objects once a database's pool is
loaded (the models' classes, their fields, views and translations), and
they live as long as the process.  Python's cyclic garbage collector walks
all of them in each full (generation 2) collection, which it starts by
itself every time enough objects have survived two younger collections:
about 100 ms on an idle machine, and it holds the interpreter's lock
throughout, so every thread of the process stops.  Under the load of issue
21 a ``trytond`` ran one every few seconds, 130 to 630 ms each
(``gc.callbacks`` measured in every process of ``benchmarks/load.py``), and
the requests in flight waited for them: the customer's form and the PBX's
webhook had their slowest answers there.

Once a pool is loaded, its objects go to the collector's permanent
generation (``gc.freeze``), which no collection walks; a full collection
then walks only what the requests left behind.  The pool is loaded once
per database and process (trytond, trytond-cron, each trytond-worker
process); when it is loaded again (modules activated or updated), the
frozen objects are first given back to the collector so that the old
pool's classes can go.  Not done under the tests (``Pool.test``), which
load pools again and again."""
import gc
import logging
import time

logger = logging.getLogger(__name__)


_load_modules = None  # trytond's own


def freeze_loaded_pool():
    "Freeze the objects of a pool once its modules are loaded"
    # Pool.init imports the modules (so this one) before it loads them: its
    # first run already calls the load_modules of trytond.pool patched here
    global _load_modules
    import trytond.pool
    if trytond.pool.load_modules is not load_modules_then_freeze:
        _load_modules = trytond.pool.load_modules
        trytond.pool.load_modules = load_modules_then_freeze


def load_modules_then_freeze(*args, **kwargs):
    from trytond.pool import Pool
    loaded = _load_modules(*args, **kwargs)
    if not Pool.test:
        freeze()
    return loaded


def freeze():
    "Collect, then move every object left to the permanent generation"
    start = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    logger.info(
        "%d objects frozen in %.0f ms", gc.get_freeze_count(),
        (time.perf_counter() - start) * 1000)
