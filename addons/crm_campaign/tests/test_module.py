# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import zipfile
import io

from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.crm_fin.tests.access import GroupAccessTestMixin
from trytond.modules.crm_fin.tests.locale import TranslationTestMixin
from trytond.modules.crm_fin.tests.views import SaoViewTestMixin
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

CAMPAIGN_MODELS = [
    'crm.segment', 'crm.letter', 'crm.letter.recipient',
    'crm.letter.template', 'crm.campaign', 'crm.campaign.recipient',
    'crm.campaign.configuration', 'crm.label.layout']


class CrmCampaignTestCase(
        GroupAccessTestMixin, SaoViewTestMixin, TranslationTestMixin,
        CompanyTestMixin, ModuleTestCase):
    "Test crm_campaign module"
    module = 'crm_campaign'
    extras = ['account_invoice', 'commission', 'crm_club']

    def test_merge_placeholders_split_by_tags(self):
        "A placeholder typed in LibreOffice is found across its spans"
        from ..odt import fill, merge
        xml = ('<office:document><office:automatic-styles/><office:body>'
            '<office:text><text:p>$<text:span>{na</text:span>me} '
            '${unknown} ${address}</text:p></office:text></office:body>'
            '</office:document>')
        self.assertEqual(fill(xml, {'name': 'A & B', 'address': 'x\ny'}),
            xml.replace('$<text:span>{na</text:span>me}', 'A &amp; B')
            .replace('${address}', 'x<text:line-break/>y'))
        kind, data = merge(xml, [{'name': 'One'}, {'name': 'Two'}])
        text = data.decode()
        self.assertEqual(kind, 'fodt')
        self.assertLess(text.index('One'), text.index('Two'))
        self.assertEqual(text.count('CrmMergePageBreak'), 2)  # style + 1
        # an ODT (zip) keeps its other entries
        odt = io.BytesIO()
        with zipfile.ZipFile(odt, 'w') as document:
            document.writestr('mimetype',
                'application/vnd.oasis.opendocument.text')
            document.writestr('content.xml', xml)
            document.writestr('styles.xml', '<s>${company}</s>')
        kind, data = merge(odt.getvalue(), [{'name': 'One'}])
        with zipfile.ZipFile(io.BytesIO(data)) as document:
            self.assertIn('One', document.read('content.xml').decode())
            self.assertEqual(document.read('mimetype'),
                b'application/vnd.oasis.opendocument.text')

    @with_transaction()
    def test_group_crm_user(self):
        "CRM users keep segments and letters, read campaigns"
        self.assertGroupAccess('crm_fin.group_crm_user', {
                'crm.segment': 'rwcd',
                'crm.letter': 'rwc',
                'crm.letter.recipient': 'rwcd',
                'crm.letter.template': 'r',
                'crm.campaign': 'r',
                'crm.campaign.recipient': 'r',
                'crm.campaign.configuration': 'r',
                'crm.label.layout': 'r',
                }, buttons={
                ('crm.campaign', 'send'): False,
                ('crm.letter', 'print_letters'): True,
                })

    @with_transaction()
    def test_group_marketer(self):
        "Marketers send campaigns (their own, by record rule)"
        self.assertGroupAccess('crm_fin.group_marketer', {
                'crm.campaign': 'rwcd',
                'crm.campaign.recipient': 'r',
                'crm.letter.template': 'r',
                }, buttons={('crm.campaign', 'send'): True})

    @with_transaction()
    def test_group_crm_manager(self):
        "CRM managers configure templates, layouts and the token"
        self.assertGroupAccess('crm_fin.group_crm_manager', {
                'crm.letter.template': 'rwcd',
                'crm.label.layout': 'rwcd',
                'crm.campaign.configuration': 'rw',
                'crm.campaign': 'rwcd',
                })

    @with_transaction()
    def test_no_group(self):
        "Without a CRM group nothing but the label layouts"
        from trytond.pool import Pool
        User = Pool().get('res.user')
        user, = User.create([{'login': 'nobody', 'name': 'Nobody'}])
        from trytond.model.exceptions import AccessError
        from trytond.transaction import Transaction
        ModelAccess = Pool().get('ir.model.access')
        with Transaction().set_user(user.id), \
                Transaction().set_context(_check_access=True):
            for model in CAMPAIGN_MODELS:
                if model == 'crm.label.layout':
                    self.assertTrue(ModelAccess.check(model, 'read',
                            raise_exception=False))
                    continue
                with self.assertRaises(AccessError, msg=model):
                    ModelAccess.check(model, 'read')

    @with_transaction()
    def test_labels_of_readable_parties(self):
        "The labels' print takes its data's parties with its user's rights"
        from unittest import mock

        from trytond.model.exceptions import AccessError
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        from .. import label
        pool = Pool()
        User = pool.get('res.user')
        Party = pool.get('party.party')
        ModelData = pool.get('ir.model.data')
        LabelReport = pool.get('crm_campaign.label', type='report')
        party, = Party.create([{'name': "Someone else's customer"}])
        layout = ModelData.get_id('crm_campaign', 'label_layout_3x8')
        user, = User.create([{'login': 'nobody', 'name': 'Nobody'}])
        data = {'layout': layout, 'parties': [party.id]}
        with mock.patch.object(label.odt, 'to_pdf') as to_pdf:
            # a hand-made call names a party its user may not read
            with Transaction().set_user(user.id):
                with self.assertRaises(AccessError):
                    LabelReport._execute([], None, data, None)
            to_pdf.assert_not_called()
            LabelReport._execute([], None, data, None)
            to_pdf.assert_called_once()


del ModuleTestCase
