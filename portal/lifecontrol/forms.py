"""The pensioner's forms: the stamped certificate, the two photos, and the letter's code with the birth date.

Each file goes through the hardened upload checks (``portal.files.uploads``) while the form is
cleaned: a refused file is a message on its field and nothing is written. What people type is
read as they type it: Arabic-Indic digits in the birth date or the code, a code in lower case,
with spaces or dashes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework.fields import DateField
from portal.files import uploads
from portal.files.fields import ACCEPT
from portal.lifecontrol import codes
from portal.lifecontrol.choices import FileKind

IMAGES = "image/*"


class OneFileField(forms.FileField):
    """One file through the upload checks; cleans to an ``uploads.CheckedFile``.

    ``photo_only``: a photo is asked for (the agent compares faces and documents), so a PDF is
    refused with a message that says so."""

    def __init__(self, *, photo_only=False, **kwargs):
        self.photo_only = photo_only
        super().__init__(**kwargs)
        if photo_only:
            # ``capture``: a phone opens its camera at once (the back one: whoever helps takes a sharper picture).
            self.widget.attrs.update(accept=IMAGES, capture="environment")
        else:
            self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if not data:
            return None
        checked = uploads.validate_uploads([data])[0]
        if self.photo_only and not checked.content_type.startswith("image/"):
            raise forms.ValidationError(
                _("“%(name)s” is not a photo. Take a photo with your phone or send a JPEG or PNG picture.")
                % {"name": checked.name},
                code="not_a_photo",
            )
        return checked


class CertificateForm(forms.Form):
    certificate = OneFileField(
        label=_("The stamped life certificate"),
        help_text=_(
            "A clear photo or a scan of the whole page, with the stamp and the signature: "
            "PDF, JPEG or PNG, 10 MB at most."
        ),
    )

    def files_to_send(self):
        return [(FileKind.CERTIFICATE, self.cleaned_data["certificate"])]


class PhotosForm(forms.Form):
    identity_document = OneFileField(
        photo_only=True,
        label=_("Photo 1: your identity document"),
        help_text=_("Your passport, national ID card (CIN) or residence card, the page with your photo, readable."),
    )
    holding_document = OneFileField(
        photo_only=True,
        label=_("Photo 2: you, holding the document and the code"),
        help_text=_("Your face, the same document open beside it, and the paper with the code written on it."),
    )

    def files_to_send(self):
        return [
            (FileKind.IDENTITY_DOCUMENT, self.cleaned_data["identity_document"]),
            (FileKind.HOLDING_DOCUMENT, self.cleaned_data["holding_document"]),
        ]


class LetterCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code on your letter"),
        help_text=_("10 letters and digits, for example 7K2M-Q9XD-4T. Dashes and spaces do not matter."),
        max_length=30,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    # A text input, not a date picker: scrolling back 75 years on a phone's picker is where people give up.
    birth_date = DateField(
        past=True,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "bday", "placeholder": "31/12/1950"}),
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%Y-%m-%d"],
        label=_("Your date of birth"),
        help_text=_("As on your identity document, for example 31/12/1950."),
    )

    def clean_code(self):
        value = codes.normalise(self.cleaned_data["code"])
        if not value:
            raise forms.ValidationError(
                _("The code has 10 letters and digits, as printed on your letter."), code="malformed"
            )
        return value
