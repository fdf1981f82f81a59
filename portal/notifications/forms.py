"""The member's forms of the notification centre: how they are told, and their mobile number."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.digits import to_ascii
from portal.notifications import phones
from portal.notifications.choices import Channel

LANGUAGES = [("fr", "Français"), ("ar", "العربية")]


def field_name(kind, channel):
    return f"{kind.code}__{channel}"


class PreferencesForm(forms.Form):
    """The language of messages, and an e-mail and an SMS box for each kind the member may choose.

    A mandatory kind's boxes are shown ticked and disabled: a disabled field keeps its initial
    value whatever is posted, so a forged POST cannot turn it off. The SMS boxes are disabled too
    when no mobile number reaches the account (``can_text=False``); one ticked anyway is refused.
    """

    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose French or Arabic.")},
    )

    def __init__(self, *args, kinds, chosen, can_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.can_text = can_text
        for kind in kinds:
            current = tuple(Channel) if kind.mandatory else tuple(chosen.get(kind.code, kind.defaults))
            for channel in Channel:
                disabled = kind.mandatory or (channel == Channel.SMS and not can_text)
                # The reason a box cannot be changed is read with the box.
                described = f"mandatory-{kind.code}" if kind.mandatory else ("no-mobile" if disabled else "")
                self.fields[field_name(kind, channel)] = forms.BooleanField(
                    label=channel.label,
                    required=False,
                    widget=forms.CheckboxInput(attrs={"aria-describedby": described} if described else None),
                    initial=channel in current and (channel != Channel.SMS or can_text or kind.mandatory),
                    disabled=disabled,
                )

    def rows(self):
        """(kind, e-mail field, SMS field) for the template's table."""
        return [(kind, *(self[field_name(kind, channel)] for channel in Channel)) for kind in self.kinds]

    def clean(self):
        data = super().clean()
        if not self.can_text:
            # A disabled box keeps its initial value; a box posted anyway says the page was forged or stale.
            forged = any(
                self.data.get(self.add_prefix(field_name(kind, Channel.SMS)))
                for kind in self.kinds
                if not kind.mandatory
            )
            if forged:
                raise ValidationError(_("Text messages need a mobile number: add one first."), code="no_mobile")
        return data

    def channels(self):
        """{kind code: [channels]} as ticked (mandatory kinds left out: they are not a choice)."""
        return {
            kind.code: [str(channel) for channel in Channel if self.cleaned_data.get(field_name(kind, channel))]
            for kind in self.kinds
            if not kind.mandatory
        }


class MobileForm(forms.Form):
    number = forms.CharField(
        label=_("Mobile number"),
        help_text=_("A Moroccan number (06 12 34 56 78) or a foreign one with + and the country code."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )

    def clean_number(self):
        return phones.mobile(self.cleaned_data["number"])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code received by text message"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}),
    )

    def clean_code(self):
        # Digits typed on an Arabic keyboard (٠١٢…) are the same digits.
        code = "".join(to_ascii(self.cleaned_data["code"]).split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValidationError(_("The code has 6 digits."), code="invalid")
        return code
