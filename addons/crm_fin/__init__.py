# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from .access import (
    client_values_readable, own_actions, readable_orders, readable_searches,
    references_readable)
from .database import (
    check_pool_on_broken_connection, one2many_parents_from_search,
    read_column_names_once, wait_for_locked_records, worker_reconnects)
from .memory import freeze_loaded_pool

# once per process that loads the suite (trytond, trytond-cron, -worker)
check_pool_on_broken_connection()
wait_for_locked_records()
read_column_names_once()
one2many_parents_from_search()
worker_reconnects()
references_readable()
client_values_readable()
own_actions()
readable_searches()
readable_orders()
freeze_loaded_pool()
