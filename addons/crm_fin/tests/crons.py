# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Scheduled actions run the way ``trytond-cron`` runs them: as the root
user, without context (so without company), through ``ir.cron.run_once``
with the action's method in the ``_cron`` context."""
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction


def suite_crons(modules):
    "The ir.cron records installed by modules"
    pool = Pool()
    Cron = pool.get('ir.cron')
    ModelData = pool.get('ir.model.data')
    return Cron.browse([d.db_id for d in ModelData.search([
                    ('model', '=', 'ir.cron'),
                    ('module', 'in', list(modules)),
                    ], order=[('db_id', 'ASC')])])


def run_as_scheduler(crons):
    "Run crons as trytond-cron does: user 0, no context"
    pool = Pool()
    Cron = pool.get('ir.cron')
    transaction = Transaction()
    for cron in crons:
        with transaction.set_user(0), transaction.reset_context(), \
                transaction.set_context(
                    _skip_warnings=True, _cron=cron.method):
            Cron(cron.id).run_once()


class CronTestMixin:
    "Every scheduled action of the module does its work for every company"

    @with_transaction()
    def test_crons_run_as_scheduler(self):
        "The module's scheduled actions run as trytond-cron runs them"
        pool = Pool()
        create_company("Tolou Trading Co.")
        create_company("Handel Sp. z o.o.")
        crons = suite_crons([self.module])
        for cron in crons:
            with self.subTest(cron=cron.method):
                model, method = cron.method.split('|')
                function = getattr(pool.get(model), method)
                # without the cron's Companies, the method itself goes
                # through every company (crm_fin.tools.for_each_company)
                # or concerns none (company_independent)
                self.assertTrue(
                    cron.companies
                    or getattr(function, 'for_each_company', False)
                    or getattr(function, 'company_independent', False),
                    "%s runs without company" % cron.method)
                run_as_scheduler([cron])
