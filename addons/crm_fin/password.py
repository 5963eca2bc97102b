# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Passwords a user may choose.

Tryton checks the length (``[password] length``) and an optional list of
forbidden passwords.  The suite adds ``[password] entropy``, the share of
distinct characters a password must have (``aaaaaaaa`` has 1/8), and
refuses runs of characters (``12345678``, ``abcdefgh``, ``87654321``), both
set in trytond.conf.  ``password_weakness`` is shared with
``python -m editions``, which refuses a weak administrator password."""
from trytond import config
from trytond.i18n import gettext
from trytond.pool import PoolMeta
from trytond.res.user import PasswordError


def password_weakness(password):
    """The message id of what makes password weak (beyond Tryton's length
    and forbidden list), or None"""
    if not password:
        return 'crm_fin.msg_password_entropy'
    entropy = config.getfloat('password', 'entropy', default=0)
    if len(set(password)) / len(password) < entropy:
        return 'crm_fin.msg_password_entropy'
    steps = {_step(a, b) for a, b in zip(password, password[1:])}
    if len(password) > 2 and len(steps) == 1 and abs(steps.pop()) <= 1:
        return 'crm_fin.msg_password_run'
    return None


def _step(a, b):
    "From a to b on the keyboard's rows of digits (9 then 0) and letters"
    step = ord(b) - ord(a)
    if a.isdigit() and b.isdigit() and abs(step) == 9:
        step = -step // 9
    return step


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def validate_password(cls, password, users):
        super().validate_password(password, users)
        weakness = password_weakness(password)
        if weakness:
            raise PasswordError(gettext(weakness))
