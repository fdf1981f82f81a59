"""Form fields of the procedures that read what people type on any keyboard.

A phone set to Arabic types Arabic-Indic digits (٠١٢٣…): a date or a count typed that way is
the same date or count (``portal.digits``), not an error.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import digits, rib


class DateField(forms.DateField):
    """A date picker where the browser has one; typed dates as 2026-03-31 or 31/03/2026."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *, past=False, future=False, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date such as 31/03/2026.")})
        self.past, self.future = past, future
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(digits.to_ascii(value) if isinstance(value, str) else value)

    def validate(self, value):
        super().validate(value)
        today = timezone.localdate()
        if value and self.past and value > today:
            raise forms.ValidationError(_("This date cannot be in the future."), code="future")
        if value and self.future and value < today:
            raise forms.ValidationError(_("This date cannot be in the past."), code="past")


class CountField(forms.IntegerField):
    """A small count. A text input with a numeric keyboard, not type="number": a browser refuses
    Arabic-Indic digits in a number input before the form ever sees them."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "size": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 20)
        kwargs.setdefault("initial", 0)
        super().__init__(**kwargs)
        # IntegerField adds min/max attributes for a number input; a text input has no use for them.
        for name in ("min", "max", "step"):
            self.widget.attrs.pop(name, None)

    def to_python(self, value):
        return super().to_python(digits.to_ascii(value) if isinstance(value, str) else value)


class RibField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Bank account number (RIB, 24 digits)"))
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"})

    def clean(self, value):
        value = super().clean(value)
        return rib.validate_rib(value) if value else value


class IdentifierField(forms.CharField):
    """An affiliation, pension or CIN number: Latin letters and digits, written left to right."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        return digits.to_ascii(value).replace(" ", "").upper() if value else value


class AmountField(forms.DecimalField):
    """An amount in dirhams as people type it: "12400", "12 400,50", "12,400.50", "١٢٤٠٠٫٥٠".

    A text input with a numeric keyboard (see ``CountField``); spaces and thousands separators are
    dropped, and a comma followed by one or two digits is the decimal comma.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "dir": "ltr", "size": 12})

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10_000_000)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        for name in ("min", "max", "step"):
            self.widget.attrs.pop(name, None)

    def to_python(self, value):
        if isinstance(value, str):
            value = digits.to_ascii(value).replace("\u066b", ".").replace("\u066c", ",")
            value = "".join(value.split()).replace("\u202f", "").replace("\u00a0", "")
            if "," in value and "." not in value and len(value.rsplit(",", 1)[1]) in (1, 2):
                value = value.replace(",", ".")
            value = value.replace(",", "")
        return super().to_python(value)
