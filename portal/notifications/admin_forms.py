"""The staff's forms of the notification centre: an announcement, and the delivery log's search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.notifications import announcements
from portal.notifications.choices import Channel, DeliveryStatus


class AnnouncementForm(forms.Form):
    title_fr = forms.CharField(label=_("Title in French"), max_length=120)
    title_ar = forms.CharField(
        label=_("Title in Arabic"), max_length=120, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"})
    )
    text_fr = forms.CharField(label=_("Text in French"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5}))
    text_ar = forms.CharField(
        label=_("Text in Arabic"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "rtl", "lang": "ar"}),
    )
    audience = forms.ChoiceField(label=_("Who is told"), choices=(), widget=forms.RadioSelect)
    # Set by the confirmation step: the announcement goes only once its count was shown.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = announcements.audience_choices()


class DeliverySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Affiliation number, e-mail address or phone number (exact)"), max_length=200, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *DeliveryStatus.choices], required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("Any channel")), *Channel.choices], required=False)
