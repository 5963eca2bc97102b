# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A home per role, on Tryton's dashboard module.

Each group may carry a dashboard: an ordered list of blocks (actions of
usage ``dashboard``, a list or a chart) and a layout; the addons add the
blocks of their groups in their XML (the cashier's cheques in
crm_installments, the clinic's day in crm_vertical_medical…).  A user's
*Home Dashboard* is the dashboard of one of his groups: setting it (or, when
none is set, giving the user a group with a dashboard) copies the group's
blocks and layout into the user's own dashboard (which he may still change
in his preferences) and opens it at login."""
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

LAYOUTS = [
    ('square', "Square"),
    ('stack_right', "Stack Right"),
    ('stack_left', "Stack Left"),
    ('stack_top', "Stack Top"),
    ('stack_bottom', "Stack Bottom"),
    ]


class GroupDashboardAction(sequence_ordered(), ModelSQL, ModelView):
    "Group Dashboard Block"
    __name__ = 'res.group.dashboard.action'
    __string__ = "Group Dashboard Block"
    group = fields.Many2One(
        'res.group', "Group", required=True, ondelete='CASCADE')
    act_window = fields.Many2One(
        'ir.action.act_window', "Action", required=True, ondelete='CASCADE',
        domain=[
            ('res_model', '!=', None),
            ('res_model', '!=', ''),
            ('usage', '=', 'dashboard'),
            ])


class Group(metaclass=PoolMeta):
    __name__ = 'res.group'
    dashboard_actions = fields.One2Many(
        'res.group.dashboard.action', 'group', "Dashboard",
        help="The blocks of the home of the group's users.")
    dashboard_layout = fields.Selection(LAYOUTS, "Dashboard Layout")
    dashboard_priority = fields.Integer(
        "Dashboard Priority",
        help="Of the groups of a user, the one with the lowest priority "
        "gives the home dashboard when none is chosen.")

    @classmethod
    def default_dashboard_layout(cls):
        return 'square'

    @classmethod
    def default_dashboard_priority(cls):
        return 100


class User(metaclass=PoolMeta):
    __name__ = 'res.user'
    dashboard_group = fields.Many2One(
        'res.group', "Home Dashboard", ondelete='SET NULL',
        domain=[('id', 'in', Eval('groups', []))],
        help="The role whose dashboard opens at login: its blocks are "
        "copied into the user's dashboard.")

    @classmethod
    def create(cls, vlist):
        users = super().create(vlist)
        cls.set_home_dashboard(users)
        return users

    @classmethod
    def write(cls, *args):
        actions = iter(args)
        args, chosen, regrouped = [], set(), set()
        for users, values in zip(actions, actions):
            if 'dashboard_group' in values:
                chosen.update(u.id for u in users)
            elif 'groups' in values:
                regrouped.update(u.id for u in users)
                # set again below, once the new groups are known
                values = dict(values, dashboard_group=None)
            args.extend([users, values])
        regrouped -= chosen
        previous = {u.id: u.dashboard_group for u in cls.browse(regrouped)}
        super().write(*args)
        if chosen or regrouped:
            cls.set_home_dashboard(
                cls.browse(chosen | regrouped), previous=previous)

    @classmethod
    def set_home_dashboard(cls, users, previous=None):
        """Give users their home dashboard: the chosen group's or, when none
        is chosen (or no more one of his groups), the one of the user's
        groups with the lowest priority; copy its blocks and layout into the
        user's dashboard and open it at login.  previous maps the users
        whose groups changed to their former home: it stays when still one
        of their groups, with the blocks the user may have changed."""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        ActWindow = pool.get('ir.action.act_window')
        previous = previous or {}
        home = ActWindow(ModelData.get_id('dashboard', 'act_dashboard'))
        to_write = []
        for user in users:
            groups = [g for g in user.groups if g.dashboard_actions]
            kept = previous.get(user.id)
            group = user.dashboard_group or kept
            if group not in groups:
                group = None
            if not group and groups:
                group = min(groups, key=lambda g: (
                        g.dashboard_priority or 0, g.id))
            values = {}
            if group != user.dashboard_group:
                values['dashboard_group'] = group.id if group else None
            if group and not (user.id in previous and group == kept):
                values.update({
                        'dashboard_layout': group.dashboard_layout,
                        'dashboard_actions': [
                            ('delete', [a.id for a in user.dashboard_actions]),
                            ('create', [{
                                        'sequence': a.sequence,
                                        'act_window': a.act_window.id,
                                        } for a in group.dashboard_actions]),
                            ],
                        })
                if home.action not in user.actions:
                    values['actions'] = [('add', [home.action.id])]
            if values:
                to_write.extend([[user], values])
        if to_write:
            with without_check_access():
                super().write(*to_write)
