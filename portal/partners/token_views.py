"""The organisation's API tokens (its administrators only): the list, a new token (its key shown
once), revoking one.

Tokens are looked up within the administrator's organisation: another organisation's token is a
404. The key of a new token is in the answer to the form's POST only (never stored, never in a
message or a redirect): the page says to copy it now.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.audit import AuditContext
from portal.partners import tokens as service
from portal.partners.access import officer_required
from portal.partners.choices import ApiScope
from portal.partners.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the token"),
        max_length=100,
        help_text=gettext_lazy("Which system uses it, e.g. “HR system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("What it may do"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one thing the token may do.")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name


def _page(request, form, *, created=None, key="", status=200):
    labels = dict(ApiScope.choices)
    rows = list(ApiToken.objects.filter(organisation=request.officer.organisation).select_related("created_by"))
    for token in rows:
        token.scope_labels = [labels.get(scope, scope) for scope in token.scopes]
    context = {"tokens": rows, "form": form, "created": created, "key": key}
    return render(request, "partners/tokens.html", context, status=status)


@never_cache
@officer_required(admin=True)
@require_http_methods(["GET", "POST"])
def tokens(request):
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, key = service.create(
        organisation=request.officer.organisation,
        name=form.cleaned_data["name"],
        scopes=form.cleaned_data["scopes"],
        actor=request.user,
        context=AuditContext.from_request(request),
    )
    # The key is shown in this answer only: no redirect, nothing kept.
    return _page(request, TokenForm(), created=token, key=key)


@never_cache
@officer_required(admin=True)
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    token = ApiToken.objects.filter(organisation=request.officer.organisation, pk=pk).first()
    if token is None:
        raise Http404
    if request.method != "POST":
        return render(request, "partners/tokens_revoke.html", {"token": token})
    service.revoke(token=token, actor=request.user, context=AuditContext.from_request(request))
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("partners:tokens")
