# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields


class DescriptionSnippet(DeactivableMixin, ModelSQL, ModelView):
    "Description Snippet"
    __name__ = 'crm.description.snippet'
    __string__ = "Description Snippet"
    name = fields.Char("Name", required=True, translate=True)
    text = fields.Text("Text", required=True, translate=True)
