"""Once a pool is loaded its objects are frozen out of Python's full
garbage collections, and given back to the collector when a pool is loaded
again (crm_fin/memory.py)."""
import gc
import unittest
import weakref
from unittest import mock


class Cycle:
    "An object in a reference cycle: only the cyclic collector frees it"

    def __init__(self):
        self.me = self


class FreezeTestCase(unittest.TestCase):

    def setUp(self):
        self.addCleanup(gc.unfreeze)

    def test_loading_modules_freezes(self):
        "What every process loading the suite does"
        import trytond.pool
        from trytond.modules.crm_fin import freeze_loaded_pool, memory
        freeze_loaded_pool()
        freeze_loaded_pool()  # once only
        self.assertIs(
            trytond.pool.load_modules, memory.load_modules_then_freeze)
        self.assertIsNot(
            memory._load_modules, memory.load_modules_then_freeze)

        for test, frozen in [(False, True), (True, False)]:
            with mock.patch.object(memory, '_load_modules',
                        return_value=True) as load_modules, \
                    mock.patch.object(memory, 'freeze') as freeze, \
                    mock.patch.object(trytond.pool.Pool, 'test', test):
                self.assertTrue(trytond.pool.load_modules('db', update=None))
            load_modules.assert_called_once_with('db', update=None)
            # not under the tests, which load pools again and again
            self.assertEqual(freeze.called, frozen)

    def test_freeze(self):
        from trytond.modules.crm_fin.memory import freeze
        loaded = Cycle()
        garbage = weakref.ref(Cycle())  # a cycle left by a request
        freeze()
        self.assertIsNone(garbage())
        self.assertGreater(gc.get_freeze_count(), 0)
        self.assertNotIn(loaded, gc.get_objects())

        # a full collection no longer walks the frozen objects
        old = weakref.ref(loaded)
        del loaded  # as an old pool's classes when the pool is loaded again
        gc.collect()
        self.assertIsNotNone(old())
        freeze()
        self.assertIsNone(old())
