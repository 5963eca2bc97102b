# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""What the users of a group may do: the test every module runs for the
groups it ships (a test per group, issue 9)."""
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction

MODES = {'r': 'read', 'w': 'write', 'c': 'create', 'd': 'delete'}


class GroupAccessTestMixin:

    def group_user(self, *groups):
        "A new user in the groups given as 'module.xml_id'"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        ids = [ModelData.get_id(*g.split('.')) for g in groups]
        login = 'user_' + '_'.join(g.split('.')[1] for g in groups)
        user, = User.create([{
                    'login': login, 'name': login,
                    'groups': [('add', ids)]}])
        return user

    def assertGroupAccess(
            self, groups, access, menus=None, buttons=None, exports=None):
        """access: {model: 'rwcd' letters the group must have, the others
        must raise AccessError}; menus: {'module.menu_xml_id': visible};
        buttons: {(model, button): allowed}; exports: {model: allowed}"""
        pool = Pool()
        Button = pool.get('ir.model.button')
        User = pool.get('res.user')
        ModelAccess = pool.get('ir.model.access')
        ModelData = pool.get('ir.model.data')
        Menu = pool.get('ir.ui.menu')
        if isinstance(groups, str):
            groups = [groups]
        user = self.group_user(*groups)
        with Transaction().set_user(user.id), \
                Transaction().set_context(_check_access=True):
            for model, letters in access.items():
                for letter, mode in MODES.items():
                    label = "%s %s %s" % (', '.join(groups), mode, model)
                    if letter in letters:
                        self.assertTrue(ModelAccess.check(model, mode,
                                raise_exception=False), label)
                    else:
                        with self.assertRaises(AccessError, msg=label):
                            ModelAccess.check(model, mode)
            for menu, visible in (menus or {}).items():
                menu_id = ModelData.get_id(*menu.split('.'))
                self.assertEqual(
                    bool(Menu.search([('id', '=', menu_id)])), visible,
                    "%s sees menu %s" % (', '.join(groups), menu))
            user_groups = set(User.get_groups())
            for (model, name), allowed in (buttons or {}).items():
                button_groups = Button.get_groups(model, name)
                self.assertEqual(
                    not button_groups or bool(button_groups & user_groups),
                    allowed, "%s clicks %s.%s" % (
                        ', '.join(groups), model, name))
            for model, allowed in (exports or {}).items():
                Model = pool.get(model)
                label = "%s exports %s" % (', '.join(groups), model)
                if allowed:
                    self.assertEqual(
                        Model.export_data([], ['rec_name']), [], label)
                else:
                    with self.assertRaises(AccessError, msg=label):
                        Model.export_data([], ['rec_name'])
