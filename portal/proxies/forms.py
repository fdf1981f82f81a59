"""The member's invitation form: who, what they may do, until when."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.proxies import invitations
from portal.proxies.choices import Scope


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=120)
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_("The invitation is sent there. They must use an account with this address to accept it."),
    )
    scope = forms.ChoiceField(label=_("What they may do"), choices=Scope.choices, widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label=_("Until"),
        help_text=_("Their access ends on this date, at the latest. You can end it earlier at any time."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # what a date picker reads
    )

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        kwargs.setdefault("initial", {"scope": Scope.READ, "expires_on": self._one_year()})
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].widget.attrs.update(
            {"min": self.today.isoformat(), "max": invitations.latest_end(self.today).isoformat()}
        )

    def _one_year(self):
        try:
            return self.today.replace(year=self.today.year + 1)
        except ValueError:  # 29 February
            return self.today + datetime.timedelta(days=365)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the name of the person you invite."))
        return name

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < self.today:
            raise forms.ValidationError(_("The date cannot be in the past."))
        latest = invitations.latest_end(self.today)
        if value > latest:
            raise forms.ValidationError(
                _("Choose a date until %(date)s at the latest: access is given for a limited time.")
                % {"date": date_format(latest, "SHORT_DATE_FORMAT")}
            )
        return value
