"""Fill empty msgstr of a .po file from a msgid -> msgstr JSON mapping.

    python scripts/po_fill.py addons/MODULE/locale/fa.po fa.json

Entries already translated are kept; msgids missing from the mapping are
listed on stderr so nothing is silently left untranslated."""
import json
import re
import sys

ENTRY = re.compile(
    r'(msgid "(?P<id>(?:[^"\\]|\\.)*)"\n)msgstr ""\n(?!")')


def main(po_path, json_path):
    with open(json_path, encoding='utf-8') as fp:
        mapping = json.load(fp)
    with open(po_path, encoding='utf-8') as fp:
        text = fp.read()
    missing = set()

    def fill(match):
        msgid = match['id']
        if not msgid:
            return match.group(0)
        if msgid in mapping:
            value = mapping[msgid].replace('\\', '\\\\').replace('"', '\\"')
            return '%smsgstr "%s"\n' % (match.group(1), value)
        missing.add(msgid)
        return match.group(0)

    text = ENTRY.sub(fill, text)
    with open(po_path, 'w', encoding='utf-8') as fp:
        fp.write(text)
    for msgid in sorted(missing):
        print("untranslated: %s" % msgid, file=sys.stderr)


if __name__ == '__main__':
    main(*sys.argv[1:])
