"""The member's side of helped access: their people (invite, re-send, end), accepting an
invitation, and the switch between "my file" and the files one may open.

The people pages are the member's own (``owner_only``): a proxy never invites further proxies.
Switching files only reads (``reads=True``): a read-only proxy may still leave a file or open another.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import account_required, member_of, member_required
from portal.audit import AuditContext
from portal.proxies import acting, invitations, selectors
from portal.proxies.choices import Basis, Scope
from portal.proxies.forms import InviteForm


def _people_page(request, form, status=200):
    context = {
        "people": selectors.people_of(request.member),
        "form": form,
        "max_people": invitations.MAX_PEOPLE,
        "invitation_days": settings.PROXY_INVITATION_DAYS,
    }
    return render(request, "proxies/list.html", context, status=status)


@member_required(owner_only=True)
@require_http_methods(["GET", "POST"])
def people(request):
    """The member's people, and the invitation form: checked, then confirmed in a second step."""
    if request.method != "POST":
        return _people_page(request, InviteForm())
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _people_page(request, form, status=400)
    if "confirmed" not in request.POST:
        context = {"form": form, "data": form.cleaned_data, "scope": Scope(form.cleaned_data["scope"]).label}
        return render(request, "proxies/confirm.html", context)
    data = form.cleaned_data
    try:
        invitations.invite(
            member=request.member,
            name=data["name"],
            email=data["email"],
            scope=data["scope"],
            expires_on=data["expires_on"],
            language=get_language(),
            actor=request.user,
            context=AuditContext.from_request(request),
        )
    except invitations.Refused as refused:
        form.add_error(None, str(refused))
        return _people_page(request, form, status=400)
    messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": data["email"]})
    return redirect("proxies:list")


@member_required(owner_only=True)
@require_POST
def resend(request, pk):
    proxy = selectors.member_grant(request.member, pk)
    if proxy.basis != Basis.INVITATION:
        raise Http404  # a legal representative is set and ended by the fund
    try:
        invitations.resend(
            proxy=proxy, language=get_language(), actor=request.user, context=AuditContext.from_request(request)
        )
    except invitations.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The invitation has been sent again to %(email)s.") % {"email": proxy.email})
    return redirect("proxies:list")


@member_required(owner_only=True)
@require_POST
def revoke(request, pk):
    """End someone's access, or cancel an invitation: at once. A legal representative is ended by the fund."""
    proxy = selectors.member_grant(request.member, pk)
    if proxy.basis != Basis.INVITATION:
        raise Http404  # a legal representative is set and ended by the fund
    was_accepted = proxy.accepted_at is not None
    invitations.revoke(proxy=proxy, actor=request.user, context=AuditContext.from_request(request))
    if was_accepted:
        messages.success(request, _("%(name)s can no longer open your file.") % {"name": proxy.name})
    else:
        messages.success(request, _("The invitation to %(name)s is cancelled.") % {"name": proxy.name})
    return redirect("proxies:list")


@never_cache  # the page names the member and the invited address
@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The invitation link: log in (or sign up) first, then a confirmation page, then one button."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    try:
        proxy = invitations.read_token(token)
    except invitations.InvalidInvitation as invalid:
        return render(request, "proxies/accept_invalid.html", {"reason": str(invalid)}, status=400)
    problem = invitations.why_not(proxy, request.user)
    if problem:
        context = {"proxy": proxy, "problem": problem, "needs_mfa": not is_mfa_enabled(request.user)}
        return render(request, "proxies/accept_refused.html", context, status=403)
    if request.method == "POST":
        try:
            invitations.accept(proxy=proxy, actor=request.user, context=AuditContext.from_request(request))
        except invitations.Refused as refused:
            return render(request, "proxies/accept_invalid.html", {"reason": str(refused)}, status=400)
        messages.success(request, _("You can now open this file from “Files you can open”."))
        return redirect("proxies:files")
    return render(request, "proxies/accept.html", {"proxy": proxy})


@account_required(reads=True)
def files(request):
    """My file (if any) and every file this account may open, each one button away."""
    context = {
        "own": member_of(request.user),
        "grants": list(selectors.files_of(request.user)),
        "needs_mfa": not is_mfa_enabled(request.user),
    }
    return render(request, "proxies/files.html", context)


@account_required(reads=True)
@require_POST
def open_file(request, pk):
    proxy = selectors.held_grant(request.user, pk)
    if not is_mfa_enabled(request.user):
        # Someone else's file is opened with a second factor only (``acting.resolve`` checks it on every page).
        messages.error(
            request, _("Set up two-factor authentication first: it protects the file of the person you help.")
        )
        return redirect("proxies:files")
    acting.choose(request, "proxy", proxy.pk)
    invitations.opened(proxy=proxy, actor=request.user, context=AuditContext.from_request(request))
    return redirect("portal:dashboard")


@account_required(reads=True)
@require_POST
def leave(request):
    """Back to one's own file (or to the files page for an account without one)."""
    acting.leave(request)
    if member_of(request.user) is not None:
        return redirect("portal:dashboard")
    return redirect("proxies:files")
