"""Create or upgrade a database at an edition:

    python -m editions -d DB base3 [--with club,medical,insurance] \
        [--password PASSWORD] [--country PL]

The password of the administrator ("admin") of a new database is the
--password argument or the CRM_ADMIN_PASSWORD environment variable: there is
no default, and a password shorter than [password] length of the
configuration, repeating characters or a run such as 12345678 is refused.
--country PL sets up a Polish company (IR an Iranian one), see editions.
"""
import argparse
import os

from . import (
    COUNTRIES, EDITIONS, activate, modules, password_weakness, record_edition,
    setup_country)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m editions',
        description="Create or upgrade a database at an edition.")
    parser.add_argument('edition', choices=sorted(EDITIONS))
    parser.add_argument('-c', '--config', default='trytond.conf')
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--with', dest='addons', default='',
        help="comma separated add-ons: club, medical, insurance")
    parser.add_argument('--password',
        default=os.environ.get('CRM_ADMIN_PASSWORD'),
        help="admin password of a new database (default: the "
        "CRM_ADMIN_PASSWORD environment variable); required")
    parser.add_argument('--country', choices=COUNTRIES,
        help="set up the company of the country: PL (złoty, Polish chart, "
        "VAT 23/8/5/0/zw, FV/yyyy/mm/nnnn series) or IR (rial, VAT and "
        "levy)")
    parser.add_argument('--languages', default='fa,pl',
        help="comma separated languages to load (default: fa,pl)")
    args = parser.parse_args(argv)
    if not args.password:
        parser.error("the admin password is required: --password or the "
            "CRM_ADMIN_PASSWORD environment variable")
    weakness = password_weakness(args.config, args.password)
    if weakness:
        parser.error(weakness)
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
