# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Translation checks every addon's ModuleTestCase mixes in"
import os
import re

import polib

from trytond.modules import get_module_info
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.tools import find_path

_ENTRY = re.compile(
    r'^msgctxt "(?P<ctx>(?:[^"\\]|\\.)*)"\s*\nmsgid (?P<id>(?:"(?:[^"\\]|\\.)*"\s*\n)+)'
    r'msgstr (?P<str>(?:"(?:[^"\\]|\\.)*"\s*\n?)+)', re.M)


# Fields of every model, translated by trytond itself
_BASE_FIELDS = {
    'id', 'rec_name', 'create_date', 'create_uid', 'write_date', 'write_uid',
    'last_modified_at', 'xml_id', 'active', 'sequence'}


def read_po(path):
    "Return {msgctxt: msgstr} of a Tryton .po file"
    with open(path, encoding='utf-8') as fp:
        text = fp.read()
    result = {}
    for match in _ENTRY.finditer(text):
        msgstr = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', match['str']))
        result[match['ctx']] = msgstr
    return result


class TranslationTestMixin:
    "fa.po and pl.po translate every field and message of the module"
    languages = ('fa', 'pl')

    def _po(self, lang):
        directory = os.path.dirname(find_path(
                os.path.join(self.module, 'tryton.cfg')))
        path = os.path.join(directory, 'locale', '%s.po' % lang)
        self.assertTrue(os.path.exists(path), "%s is missing" % path)
        return read_po(path)

    def test_po_complete(self):
        "Every msgstr of fa.po and pl.po is filled"
        for lang in self.languages:
            with self.subTest(lang=lang):
                empty = [c for c, s in self._po(lang).items() if not s]
                self.assertFalse(empty, "untranslated in %s: %s" % (
                        lang, ', '.join(empty[:20])))

    def test_po_not_fuzzy(self):
        "No entry of fa.po and pl.po is fuzzy (Tryton ignores those)"
        directory = os.path.dirname(find_path(
                os.path.join(self.module, 'tryton.cfg')))
        for lang in self.languages:
            with self.subTest(lang=lang):
                path = os.path.join(directory, 'locale', '%s.po' % lang)
                fuzzy = [e.msgctxt for e in polib.pofile(path)
                    if e.fuzzy]
                self.assertFalse(fuzzy, "fuzzy in %s: %s" % (
                        lang, ', '.join(fuzzy[:20])))

    @with_transaction()
    def test_po_covers_module(self):
        "fa.po and pl.po have every field and message of the module"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Field = pool.get('ir.model.field')
        expected = set()
        for field in Field.search([('module', '=', self.module)]):
            if field.name in _BASE_FIELDS:
                continue
            expected.add('field:%s,%s:' % (field.model, field.name))
        for data in ModelData.search([
                    ('module', '=', self.module),
                    ('model', '=', 'ir.message'),
                    ]):
            expected.add('model:ir.message,text:%s' % data.fs_id)
        for lang in self.languages:
            with self.subTest(lang=lang):
                missing = sorted(expected - set(self._po(lang)))
                self.assertFalse(missing, "missing in %s.po: %s" % (
                        lang, ', '.join(missing[:20])))

    @with_transaction()
    def test_model_names(self):
        """Every model of the module has a display name of its own (not
        "Crm Installment" made from crm.installment), translated"""
        import ast
        import glob
        pool = Pool()
        directory = os.path.dirname(find_path(
                os.path.join(self.module, 'tryton.cfg')))
        names = {}
        for path in glob.glob(os.path.join(directory, '*.py')):
            with open(path, encoding='utf-8') as fp:
                tree = ast.parse(fp.read())
            for node in tree.body:
                if not isinstance(node, ast.ClassDef) or any(
                        k.arg == 'metaclass' for k in node.keywords):
                    continue
                values = {t.id: s.value.value for s in node.body
                    if isinstance(s, ast.Assign)
                    for t in s.targets if isinstance(t, ast.Name)
                    and isinstance(s.value, ast.Constant)}
                if '__name__' in values:
                    names[values['__name__']] = values.get('__string__')
        for lang in self.languages:
            po = self._po(lang)
            for name, string in names.items():
                try:
                    Model = pool.get(name)
                except KeyError:
                    continue  # a report or a wizard
                with self.subTest(model=name, lang=lang):
                    self.assertTrue(string, "%s has no __string__" % name)
                    self.assertEqual(Model.__string__, string)
                    self.assertIn('model:%s,string:' % name, po)

    def test_po_overrides(self):
        """Every entry of locale/override/{fa,pl}.po overrides a translation
        of a module this one depends on (directly or as an extra, so it is
        loaded before), with the same source, and is filled"""
        directory = os.path.dirname(find_path(
                os.path.join(self.module, 'tryton.cfg')))
        dependencies, todo = set(), [self.module]
        while todo:
            try:
                info = get_module_info(todo.pop()) or {}
            except OSError:  # an extra that is not installed
                continue
            for name in info.get('depends', []) + info.get(
                    'extras_depend', []):
                if name not in dependencies:
                    dependencies.add(name)
                    todo.append(name)
        upstream = {}
        for lang in self.languages:
            path = os.path.join(directory, 'locale', 'override', lang + '.po')
            if not os.path.exists(path):
                continue
            entries = polib.pofile(path)
            with self.subTest(lang=lang):
                contexts = [(e.msgctxt, e.msgid) for e in entries]
                self.assertEqual(len(contexts), len(set(contexts)))
                for entry in entries:
                    type_, name, resource = entry.msgctxt.split(':')
                    target, fs_id = resource.split('.', 1)
                    self.assertIn(target, dependencies, entry.msgctxt)
                    self.assertTrue(entry.msgstr, entry.msgctxt)
                    if (target, lang) not in upstream:
                        upstream[target, lang] = {
                            (e.msgctxt, e.msgid)
                            for e in polib.pofile(find_path(os.path.join(
                                        target, 'locale', lang + '.po')))}
                    self.assertIn(
                        ('%s:%s:%s' % (type_, name, fs_id), entry.msgid),
                        upstream[target, lang], entry.msgctxt)
