"""The form field for attachments: several files in one input, each checked by ``uploads``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.files import uploads

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to uploads.MAX_FILES files in one input; each is checked by uploads.validate_uploads."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Optional. Up to 5 files, PDF, JPEG or PNG, 10 MB each. Photos are stripped of their hidden data."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return uploads.validate_uploads(files)
