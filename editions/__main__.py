"""Create or upgrade a database at an edition:

    python -m editions -d DB base3 [--with club,medical,insurance]
        [--country PL]
"""
import argparse

from . import (
    COUNTRIES, EDITIONS, activate, modules, record_edition, setup_country)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m editions',
        description="Create or upgrade a database at an edition.")
    parser.add_argument('edition', choices=sorted(EDITIONS))
    parser.add_argument('-c', '--config', default='trytond.conf')
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--with', dest='addons', default='',
        help="comma separated add-ons: club, medical, insurance")
    parser.add_argument('--password', default='admin',
        help="admin password of a new database")
    parser.add_argument('--country', choices=COUNTRIES,
        help="set up the company of the country: PL (złoty, Polish chart, "
        "VAT 23/8/5/0/zw, FV/yyyy/mm/nnnn series) or IR (rial, VAT and "
        "levy)")
    parser.add_argument('--languages', default='fa,pl',
        help="comma separated languages to load (default: fa,pl)")
    args = parser.parse_args(argv)
    addons = [a for a in args.addons.split(',') if a]
    try:
        names = modules(args.edition, addons)
    except ValueError as exception:
        parser.error(str(exception))
    print("activating %s: %s" % (args.edition, ' '.join(names)), flush=True)
    languages = [lang for lang in args.languages.split(',') if lang]
    activate(args.config, args.database, names, password=args.password,
        languages=languages)
    record_edition(args.config, args.database, args.edition)
    if args.country:
        setup_country(args.config, args.database, args.country)


if __name__ == '__main__':
    main()
