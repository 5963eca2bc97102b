# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The labels a CRM user meets that are not translated, and where to
translate them.

    python scripts/po_labels.py -d DB [-c trytond.conf] [--json FILE]
        [--add] [--all]

Walks the CRM menus of database DB (every suite module activated, fa and pl
loaded: the demo is one) as ``crm_fin/tests/labels.py`` does, prints per
language how many labels read as their English source, and for each the
translation entry to write: an entry of the suite module's own
``locale/<lang>.po``, or an override of the Tryton module's translation in
``crm_fin/locale/override/<lang>.po`` (context ``type:name:module.id``).

--add   appends the missing override entries (empty msgstr) to the override
        files; fill them (scripts/po_fill.py) and update the database
        (``trytond-admin -u crm_fin``).
--all   writes every label with its translation entries and texts to the
        JSON file (to review the translations, not only the missing ones).
The walk runs in a transaction that is rolled back: the database is not
changed.
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = {'crm_fin', 'crm_installments', 'crm_telephony', 'crm_club',
    'crm_vertical_medical', 'crm_vertical_insurance'}
# Base fields translated by trytond's messages
def rows(label, lang):
    "Return the ir.translation records of label in lang"
    from trytond.pool import Pool
    pool = Pool()
    Translation = pool.get('ir.translation')
    ModelData = pool.get('ir.model.data')
    type_, name, resource, source = label.key
    domain = [('lang', '=', lang), ('type', '=', type_), ('name', '=', name)]
    if resource:
        try:
            domain.append(
                ('res_id', '=', ModelData.get_id(*resource.split('.'))))
        except KeyError:
            return []
    else:
        domain.append(('res_id', '=', -1))
    if source is not None and type_ != 'model':
        domain.append(('src', '=', source))
    records = Translation.search(domain)
    if not records and label.kind == 'selection_method':
        # a selection of the values of another field
        for pattern in [name.split(',')[0] + ',%', '%,' + name.split(',')[1],
                '%']:
            records = Translation.search([
                    ('lang', '=', lang), ('src', '=', label.source),
                    ('type', '=', 'selection'), ('name', 'like', pattern),
                    ])
            if records:
                break
    if not records and label.kind == 'selection_method':
        # Reference fields: the names of the models
        records = Translation.search([
                ('lang', '=', lang), ('src', '=', label.source),
                ('type', '=', 'model'), ('name', 'like', '%,string'),
                ('res_id', '=', -1),
                ])
    return records


def context(record):
    "The po context of record, relative to its module"
    from trytond.pool import Pool
    ModelData = Pool().get('ir.model.data')
    res = ''
    if record.res_id >= 0:
        model = record.name.split(',')[0]
        models = [model]
        if model == 'ir.action':  # actions share the id of their ir.action
            models = ['ir.action.act_window', 'ir.action.wizard',
                'ir.action.report', 'ir.action.url']
        data = ModelData.search([
                ('model', 'in', models),
                ('db_id', '=', record.res_id),
                ('module', '=', record.module),
                ])
        res = data[0].fs_id if data else '?%s' % record.res_id
    return '%s:%s:%s' % (record.type, record.name, res)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python scripts/po_labels.py')
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-c', '--config',
        default=os.path.join(ROOT, 'trytond.conf'))
    parser.add_argument('--json', default=None)
    parser.add_argument('--add', action='store_true')
    parser.add_argument('--all', action='store_true')
    parser.add_argument('--languages', default='fa,pl')
    args = parser.parse_args(argv)
    languages = args.languages.split(',')

    from trytond import config
    config.update_etc(args.config)
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool.start()
    pool = Pool(args.database)
    pool.init()
    from trytond.modules.crm_fin.tests.labels import scan, untranslated

    report = {}
    with Transaction().start(args.database, 0) as transaction:
        labels = scan(languages)
        print("%d labels" % len(labels))
        for lang in languages:
            missing = untranslated(labels, lang)
            print("%s: %d labels read as English" % (lang, len(missing)))
            chosen = labels if args.all else missing
            entries = report[lang] = []
            for label in chosen:
                records = rows(label, lang)
                entries.append({
                        'kind': label.kind,
                        'where': label.where,
                        'source': label.source,
                        'text': label.texts.get(lang),
                        'missing': label in missing,
                        'entries': [{
                                'module': r.module,
                                'context': context(r),
                                'value': r.value,
                                'fuzzy': r.fuzzy,
                                'overriding': r.overriding_module,
                                } for r in records],
                        })
                if label in missing and not records:
                    print("  no translation entry: %s %r (%s)" % (
                            label.kind, label.source, label.key),
                        file=sys.stderr)
        transaction.rollback()
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as fp:
            json.dump(report, fp, ensure_ascii=False, indent=1)
    if args.add:
        for lang in languages:
            add_overrides(lang, report[lang])


def add_overrides(lang, entries):
    "Append the missing override entries of entries to the override file"
    import polib
    path = os.path.join(
        ROOT, 'addons', 'crm_fin', 'locale', 'override', '%s.po' % lang)
    if os.path.exists(path):
        pofile = polib.pofile(path, wrapwidth=78)
    else:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        pofile = polib.POFile(wrapwidth=78)
        pofile.metadata = {'Content-Type': 'text/plain; charset=utf-8'}
    known = {(e.msgctxt, e.msgid) for e in pofile}
    added = 0
    for entry in entries:
        if not entry['missing']:
            continue
        for record in entry['entries'][:1]:
            if record['module'] in SUITE:
                print("  %s: translate in %s/locale/%s.po: %s" % (
                        lang, record['module'], lang, record['context']))
                continue
            type_, name, res = record['context'].split(':')
            msgctxt = '%s:%s:%s.%s' % (type_, name, record['module'], res)
            if (msgctxt, entry['source']) in known:
                continue
            known.add((msgctxt, entry['source']))
            pofile.append(polib.POEntry(
                    msgctxt=msgctxt, msgid=entry['source'], msgstr=''))
            added += 1
    pofile.sort(key=lambda e: (e.msgctxt, e.msgid))
    pofile.save(path)
    print("%s: %d entries added to %s" % (lang, added, path))


if __name__ == '__main__':
    main()
