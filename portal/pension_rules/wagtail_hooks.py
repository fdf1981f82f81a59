"""The pension rules in the Wagtail admin, for the group "Pension rules" (``permissions.py``).

A snippet (not a Django admin page) so that every change lands in Wagtail's history of the object,
with who and when: an estimate can be traced to the rule in force. The edit form is a model form,
so ``Parameter.clean`` (the bounds of ``names.BOUNDS``) runs on every save and a bad value is shown
on its field with nothing written. Only the model permissions open it: the group and superusers.
"""

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.pension_rules.models import Parameter

HELP = _(
    "Each row gives a value from a date until the next row of the same rule; a change of the law is a new "
    "row, never an edit of the old one, so that past estimates stay explained. What the date is depends on "
    "the rule: the legal age by the birth date, the accrual rate and the months averaged by the month of "
    "service, the contribution rate by the year contributed, every other rule by the date the pension "
    "starts. The simulator uses a change within a minute."
)


def _value(parameter):
    # As the fund writes it (2.5, 720), not as the column stores it (2.5000, 720.0000).
    return formats.number_format(parameter.value.normalize())


class ParameterViewSet(SnippetViewSet):
    model = Parameter
    icon = "cog"
    menu_label = _("Pension rules")
    menu_name = "pension-rules"
    menu_order = 320
    add_to_admin_menu = True
    list_display = [
        "name",
        "applies_from",
        Column("value", label=Parameter._meta.get_field("value").verbose_name, accessor=_value, sort_key="value"),
        Column("keyed_by", label=_("What the date is")),
        "source",
    ]
    list_filter = ["name"]
    search_fields = ["source"]
    panels = [
        HelpPanel(content=HELP),
        FieldPanel("name"),
        FieldPanel("applies_from"),
        FieldPanel("value"),
        FieldPanel("source"),
    ]


register_snippet(ParameterViewSet)
