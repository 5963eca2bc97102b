"""Fill empty msgstr of a .po file from a msgid -> msgstr JSON mapping.

    python scripts/po_fill.py addons/MODULE/locale/fa.po fa.json [--todo]

Entries already translated are kept; msgids missing from the mapping are
listed on stderr so nothing is silently left untranslated (--todo prints
them as a JSON mapping to fill)."""
import json
import re
import sys

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(
            m.group(1), m.group(1)), text)


def escape(text):
    return (text.replace('\\', '\\\\').replace('"', '\\"')
        .replace('\n', '\\n'))


def _value(lines, keyword):
    "Joined value of the keyword's quoted strings in a block"
    value, inside = [], False
    for line in lines:
        if line.startswith(keyword + ' '):
            inside = True
            line = line[len(keyword) + 1:]
        elif not line.startswith('"'):
            inside = False
        if inside:
            value.extend(_QUOTED.findall(line))
    return unescape(''.join(value))


def main(po_path, json_path, *options):
    mapping = {}
    if json_path != '-':
        with open(json_path, encoding='utf-8') as fp:
            mapping = json.load(fp)
    with open(po_path, encoding='utf-8') as fp:
        blocks = fp.read().split('\n\n')
    missing = {}
    for i, block in enumerate(blocks):
        lines = block.splitlines()
        if not any(l.startswith('msgid ') for l in lines):
            continue
        msgid = _value(lines, 'msgid')
        if not msgid or _value(lines, 'msgstr'):
            continue
        if msgid in mapping:
            start = next(n for n, l in enumerate(lines)
                if l.startswith('msgstr '))
            lines = lines[:start] + ['msgstr "%s"' % escape(mapping[msgid])]
            blocks[i] = '\n'.join(lines)
        else:
            missing[msgid] = ''
    with open(po_path, 'w', encoding='utf-8') as fp:
        fp.write('\n\n'.join(blocks))
    if '--todo' in options:
        print(json.dumps(missing, ensure_ascii=False, indent=1))
    else:
        for msgid in sorted(missing):
            print("untranslated: %s" % msgid, file=sys.stderr)


if __name__ == '__main__':
    main(*sys.argv[1:])
