"""Change requests (address, phone, e-mail, bank account) submitted, and cancelled, by the member."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from portal import changes
from portal.access import member_required
from portal.audit import AuditContext
from portal.forms import CHANGE_FORMS
from portal.models import ChangeKind, ChangeRequest
from portal.proxies.choices import Via


def _shown(values):
    """Values as the member reads them: a country by its name, not its ISO code."""
    return {name: countries.name(value) if name == "country" else value for name, value in values.items()}


def _may_change_bank(acting):
    """Where the pension is paid: the holder, or a legal representative named by a court; never an
    invited proxy nor an agent at the counter (a diverted pension is the fraud to fear most)."""
    return acting is None or acting.via in ("", Via.GUARDIAN)


def _is_sensitive(request):
    return request.resolver_match.kwargs.get("kind") in changes.SENSITIVE


@member_required
def change_list(request):
    return render(
        request,
        "portal/changes.html",
        {"change_requests": request.member.change_requests.all()[:50], "kinds": ChangeKind.choices},
    )


@member_required
@reauthentication_required(enabled=_is_sensitive, allow_get=False)
def change_new(request, kind):
    if kind not in ChangeKind.values:
        raise Http404
    kind = ChangeKind(kind)
    if kind == ChangeKind.BANK and not _may_change_bank(request.acting):
        message = _(
            "Only the holder of the file, or their legal representative, can change the bank account where the "
            "pension is paid. The holder can do it from their own account, or at the fund's counter."
        )
        return render(request, "proxies/not_allowed.html", {"message": message}, status=403)
    member = request.member
    form_class = CHANGE_FORMS[kind]
    form = form_class(request.POST or None)
    existing = changes.pending(member, kind)
    if request.method == "POST" and form.is_valid():
        try:
            changes.submit(
                member=member,
                kind=kind,
                new_value=form.cleaned_data,
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except changes.AlreadyPending:
            form.add_error(None, _("You already have a pending request for this change: wait for its decision."))
        else:
            messages.success(request, _("Your request was sent. It is pending until the fund checks it."))
            return redirect("portal:changes")
    context = {
        "form": form,
        "kind": kind,
        "existing": existing,
        "current": _shown(changes.current_values(member, kind)),
        "sensitive": kind in changes.SENSITIVE,
        "masked_rib": member.masked_rib,
    }
    return render(request, "portal/change_form.html", context)


@member_required
@require_POST
def change_cancel(request, pk):
    """Withdraw one of the member's own pending requests (another member's is a 404)."""
    try:
        changes.cancel(
            member=request.member, change_id=pk, actor=request.user, context=AuditContext.from_request(request)
        )
    except ChangeRequest.DoesNotExist as missing:
        raise Http404 from missing
    except changes.AlreadyDecided:
        messages.error(request, _("This request has already been decided: it can no longer be cancelled."))
    else:
        messages.success(request, _("Your request was cancelled."))
    return redirect("portal:changes")
