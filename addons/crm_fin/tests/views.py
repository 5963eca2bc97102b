# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"View checks every addon's ModuleTestCase mixes in"
import json

from lxml import etree

from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

# The column widgets of sao 8.0's list views (Sao.View.TreeXMLViewParser);
# an unknown one stops the web client ("ColumnFactory is not a constructor")
SAO_COLUMNS = {
    'binary', 'boolean', 'callto', 'char', 'date', 'dict', 'email', 'float',
    'image', 'integer', 'many2many', 'many2one', 'numeric', 'one2many',
    'one2one', 'progressbar', 'reference', 'selection', 'multiselection',
    'sip', 'text', 'time', 'timedelta', 'url',
    }
# and of its forms (Sao.View.FormXMLViewParser)
SAO_WIDGETS = {
    'binary', 'boolean', 'callto', 'char', 'color', 'date', 'datetime',
    'dict', 'document', 'email', 'float', 'html', 'image', 'integer',
    'many2many', 'many2one', 'multiselection', 'numeric', 'one2many',
    'one2one', 'password', 'progressbar', 'pyson', 'reference', 'richtext',
    'selection', 'sip', 'text', 'time', 'timedelta', 'timestamp', 'url',
    }
# Integer fields holding a year: shown without thousands separator
YEAR_FIELDS = {'year', 'fiscal_year'}
# The digits of an amount written for a currency with cents: a Rial amount
# then shows ".00" (the amounts take their currency's digits instead)
FIXED_CENTS = (16, 2)


class SaoViewTestMixin:
    "The module's views only use what the web client can draw"

    @with_transaction()
    def test_sao_widgets(self):
        "Widgets known to sao, date-times split in lists, labelled buttons"
        pool = Pool()
        View = pool.get('ir.ui.view')
        for view in View.search([('module', '=', self.module)]):
            view_type = view.inherit.type if view.inherit else view.type
            if view_type == 'calendar':
                self._check_calendar(view)
            if view_type not in {'tree', 'form'}:
                continue
            known = SAO_COLUMNS if view_type == 'tree' else SAO_WIDGETS
            if view.inherit:
                model = view.inherit.model
                view_id = view.inherit.id
            else:
                model, view_id = view.model, view.id
            Model = pool.get(model)
            result = Model.fields_view_get(
                view_id=view_id, view_type=view_type)
            arch = etree.fromstring(result['arch'])
            for node in arch.iter('field'):
                name = node.get('name')
                widget = node.get('widget') or result['fields'][name]['type']
                with self.subTest(view=view.name or view.id, field=name):
                    self.assertIn(widget, known, "%s.%s in %s view%s" % (
                            model, name, view_type,
                            ': use widget="date" and widget="time"'
                            if widget in {'datetime', 'timestamp'} else ''))
                    # an amount reads "۱٬۲۰۰ ریال", not "1,200.00": the
                    # decimals of its currency (digits='currency')
                    if widget == 'numeric':
                        digits = json.loads(
                            result['fields'][name].get('digits') or 'null')
                        self.assertNotEqual(digits, list(FIXED_CENTS),
                            "%s.%s in %s view: an amount with 2 fixed "
                            "decimals; use the currency's digits" % (
                                model, name, view_type))
                    # a year reads 2026, not "2,026"
                    if widget == 'integer' and name in YEAR_FIELDS:
                        self.assertEqual(node.get('grouping'), '0',
                            '%s.%s in %s view: grouping="0"' % (
                                model, name, view_type))
            for node in arch.iter('button'):
                name = node.get('name')
                with self.subTest(view=view.name or view.id, button=name):
                    self.assertTrue(node.get('string'),
                        "%s button %s has no label: give its ir.model.button "
                        "a string" % (model, name))

    def _check_calendar(self, view):
        "The calendar searches the records by its start and end fields"
        Model = Pool().get(view.model)
        arch = etree.fromstring(Model.fields_view_get(
                view_id=view.id, view_type='calendar')['arch'])
        for attribute in ['dtstart', 'dtend']:
            name = arch.get(attribute)
            if name:
                with self.subTest(view=view.name, field=name):
                    self.assertTrue(
                        Model._fields[name].searchable(Model),
                        "%s.%s needs a searcher for the calendar"
                        % (view.model, name))
