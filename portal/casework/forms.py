"""The web-only forms of the applicant's pages: documents (one file input per checklist line),
the certification before sending, and the confirmation of a withdrawal.

The procedures' own questions are the step forms of ``portal.casework.procedures``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.files.fields import AttachmentsField


class DocumentsForm(forms.Form):
    """One optional file input per checklist line, named by the line's key (``checklist.Item.key``):
    a person may send one line or several in one go."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[item.key] = AttachmentsField(
                label=item.label,
                help_text=_("PDF, JPEG or PNG, up to 5 files of 10 MB each."),
            )

    def rows(self):
        """(checklist item, bound field), in the checklist's order, for the template."""
        return [(item, self[item.key]) for item in self.items]

    def uploads(self):
        """[(line key, checked files)] for the lines that received files."""
        return [(key, files) for key, files in self.cleaned_data.items() if files]


class ConfirmForm(forms.Form):
    certify = forms.BooleanField(
        label=_("I certify that the information is accurate."),
        error_messages={"required": _("Tick the box to certify that the information is accurate.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I want to withdraw this request."),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw the request.")},
    )
