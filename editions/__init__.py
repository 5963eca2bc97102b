"""Editions ("bases") of the suite and the module set each one activates.

    Base 1: contacts and communications (caller ID, SMS, log), segments,
            bulk letters, postal labels and SMS / e-mail campaigns; no
            tasks, no finance.
    Base 2: Base 1 + tasks.
    Base 3: Base 1 + finance (quotations, invoices, installments, cheques,
            dunning with its printed letter, commissions); no tasks.
    Base 4: everything of Base 2 and Base 3.
    Base 5: Base 4 + stock-aware selling (crm_stock: the quantity
            available on quotation lines, the stock check at confirmation,
            products scanned into quotations); serial numbers on quotation
            lines.

Add-ons activate on top of any edition: club, medical, insurance, and
stock (crm_stock, from Base 3: it needs the quotations).  Moving a
database up an edition only activates modules, so its data is kept; Tryton
does not deactivate modules, so editions only go up.

``--country PL`` sets up a Polish company (złoty, Warsaw address with its
NIP) and, once the edition has finance, the suite's Polish chart of
accounts, VAT 23 / 8 / 5 / 0 % and zw, the monthly invoice series
FV/yyyy/mm/nnnn and the Polish payment kinds (bank transfer, cash, card
terminal, credit; no cheques).  ``--country IR`` sets up the Iranian
company in rial and, with finance, the suite's Iranian chart of accounts
(کدینگ حساب‌ها, in Persian) with VAT and the municipal levy, and the
Iranian payment kinds (cash, deposit slip, cheque, card terminal).  Each step runs once:
moving up an edition with the same country completes the set-up.
"""
EDITIONS = {
    'base1': ['crm_fin', 'crm_telephony', 'crm_campaign'],
    'base2': ['crm_fin', 'crm_telephony', 'crm_campaign', 'project'],
    'base3': ['crm_fin', 'crm_telephony', 'crm_campaign', 'crm_installments',
        'account_dunning_letter', 'sale', 'sale_opportunity',
        'sale_discount', 'sale_price_list', 'commission', 'account_invoice'],
    }
EDITIONS['base4'] = sorted(set(EDITIONS['base2']) | set(EDITIONS['base3']))
EDITIONS['base5'] = sorted(set(EDITIONS['base4']) | {'crm_stock'})
ADDONS = {
    'club': ['crm_club'],
    'medical': ['crm_vertical_medical'],
    'insurance': ['crm_vertical_insurance'],
    'stock': ['crm_stock'],
    }


def modules(edition, addons=()):
    "Return the sorted module names of edition with addons"
    if edition not in EDITIONS:
        raise ValueError("unknown edition %r (choose from %s)" % (
                edition, ', '.join(sorted(EDITIONS))))
    names = set(EDITIONS[edition])
    for addon in addons:
        if addon not in ADDONS:
            raise ValueError("unknown add-on %r (choose from %s)" % (
                    addon, ', '.join(sorted(ADDONS))))
        names.update(ADDONS[addon])
    return sorted(names)


def password_weakness(config_file, password):
    """Why password is too weak for the administrator (in English), or None:
    the rules users follow (Tryton's length, crm_fin's entropy and runs)"""
    from trytond import config
    config.update_etc(config_file)
    from trytond.modules.crm_fin.password import password_weakness as weakness
    length = config.getint('password', 'length', default=0)
    if len(password) < length:
        return "the admin password needs at least %s characters" % length
    if weakness(password):
        return ("the admin password repeats characters or is a run "
            "such as 12345678")
    return None


def activate(config_file, database, names, password=None,
        email='admin@example.com', languages=('fa', 'pl')):
    "Create or upgrade database with the modules names, with trytond-admin"
    import os
    import subprocess
    import sys
    import tempfile

    from trytond import backend, config
    config.update_etc(config_file)
    if backend.name == 'sqlite':
        # trytond-admin opens an existing SQLite file only
        path = os.path.join(
            config.get('database', 'path'), database + '.sqlite')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, 'a').close()
    with tempfile.NamedTemporaryFile('w', delete=False) as fp:
        fp.write(password)
    try:
        # the trytond-admin of this Python (its venv), not one on the PATH
        admin = os.path.join(os.path.dirname(sys.executable), 'trytond-admin')
        subprocess.check_call([
                admin, '-c', config_file, '-d', database,
                '--email', email, '--activate-dependencies',
                '-u', *names] + (['-l', *languages] if languages else []),
            env=dict(os.environ, TRYTONPASSFILE=fp.name))
    finally:
        os.unlink(fp.name)


def record_edition(config_file, database, edition):
    """Record the edition in the database: crm_fin shows the map from Base 4,
    serial numbers in Base 5 and counts the users of the edition"""
    from proteus import Model
    from proteus import config as pconfig
    pconfig.set_trytond(database=database, config_file=config_file)
    Configuration = Model.get('crm.configuration')
    configuration = Configuration(1)
    configuration.edition = edition
    configuration.save()


COUNTRIES = ('IR', 'PL')


def setup_country(config_file, database, country):
    """Set up the company of the country on the database, the steps its
    activated modules allow and that are not done yet"""
    from proteus import Model
    from proteus import config as pconfig

    from trytond.modules.crm_fin.tests import tools
    if country not in COUNTRIES:
        raise ValueError("unknown country %r (choose from %s)" % (
                country, ', '.join(COUNTRIES)))
    pconfig.set_trytond(database=database, config_file=config_file)
    Module = Model.get('ir.module')
    active = {m.name for m in Module.find([('state', '=', 'activated')])}
    Company = Model.get('company.company')
    if not Company.find([]):
        if country == 'PL':
            tools.create_pln_company()
        else:
            tools.create_irr_company()
    if 'account_invoice' not in active:
        return
    Account = Model.get('account.account')
    if not Account.find([]):
        if country == 'PL':
            tools.setup_accounting_pl(years=2)
        else:
            tools.setup_accounting(chart=tools.IR_CHART)
    if 'crm_installments' not in active:
        return
    Configuration = Model.get('crm.installment.configuration')
    if not Configuration(1).cash_method:
        from trytond.modules.crm_installments.tests import (
            tools as installments)
        if country == 'PL':
            installments.setup_installments_pl()
        else:
            installments.setup_installments()
