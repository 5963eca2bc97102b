import argparse
import importlib

from demo.names import rename_finance, use_latin
from editions import ADDONS, EDITIONS, modules, record_edition

# Addons in dependency order, with the Tryton modules their demo needs.
MODULES = [
    ('crm_fin', [
            'crm_fin', 'sale', 'sale_opportunity', 'sale_discount',
            'sale_price_list', 'commission', 'account_invoice']),
    ('crm_telephony', ['crm_telephony', 'project']),
    ('crm_installments', ['crm_installments']),
    # stock-aware selling (Base 5): the browser tests scan into its forms
    ('crm_stock', ['crm_stock']),
    ('crm_club', ['crm_club']),
    ('crm_campaign', ['crm_campaign']),
    ('crm_vertical_medical', ['crm_vertical_medical']),
    ('crm_vertical_insurance', ['crm_vertical_insurance']),
    ]


def create_database(config_file, database, modules, password, email,
        languages):
    "Create (or upgrade) database with modules activated, with trytond-admin"
    from editions import activate
    activate(config_file, database, modules, password=password, email=email,
        languages=languages)


def close_config_wizard():
    "Mark the first-login configuration items done (sao would open them)"
    from proteus import Model
    Item = Model.get('ir.module.config_wizard.item')
    for item in Item.find([('state', '!=', 'done')]):
        item.state = 'done'
        item.save()


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m demo')
    parser.add_argument('-c', '--config', default='trytond.conf')
    parser.add_argument('-d', '--database', default='demo')
    parser.add_argument('--password', default='admin')
    parser.add_argument('--email', default='admin@example.com')
    parser.add_argument('--modules', default=','.join(m for m, _ in MODULES),
        help="comma separated addons to activate and fill")
    parser.add_argument('--edition', choices=sorted(EDITIONS),
        help="the module set of an edition instead of --modules")
    parser.add_argument('--latin', action='store_true',
        help="names in Latin script (for Polish and English speakers) "
        "instead of Persian script")
    parser.add_argument('--with', dest='addons', default='',
        help="with --edition: comma separated add-ons (%s)"
        % ','.join(sorted(ADDONS)))
    parser.add_argument('--languages', default='fa,pl',
        help="comma separated languages loaded besides English "
        "(empty: English only)")
    parser.add_argument('--country', choices=['IR', 'PL'], default='IR',
        help="the demo company: IR (Tolou Trading Co., rial, the default) "
        "or PL (Handel Sp. z o.o., złoty, Polish chart, VAT and invoice "
        "series)")
    args = parser.parse_args(argv)
    use_latin(args.latin)

    if args.edition:
        module_names = modules(
            args.edition, [a for a in args.addons.split(',') if a])
        wanted = set(module_names)
    else:
        wanted = set(args.modules.split(','))
        module_names = sorted({n for addon, deps in MODULES
                if addon in wanted for n in deps})
    create_database(
        args.config, args.database, module_names, args.password, args.email,
        [l for l in args.languages.split(',') if l])
    if args.edition:
        record_edition(args.config, args.database, args.edition)
    from proteus import config as pconfig
    config = pconfig.set_trytond(
        database=args.database, config_file=args.config)
    if args.country == 'PL':
        from demo import poland
        print("demo data: Polish company", flush=True)
        poland.setup(config, {addon for addon, _ in MODULES
                if addon in wanted})
    else:
        for addon, _ in MODULES:
            if addon in wanted:
                print("demo data: %s" % addon, flush=True)
                importlib.import_module('demo.' + addon).setup(config)
        rename_finance(config)
    close_config_wizard()


if __name__ == '__main__':
    main()
