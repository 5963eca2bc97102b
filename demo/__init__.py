"""Demo database builder: ``python -m demo -c trytond.conf -d demo``.

Creates the database, activates the suite's modules and fills each activated
addon with realistic demo data (one ``demo/<addon>.py`` per addon, each with
a ``setup(config)`` function run in dependency order).
"""
