"""The organisation's officers (its administrators only): the list, inviting, changing a role or
units, ending an access; and the invitation link, which any logged-in account may open.

Officers and invitations are looked up within the administrator's organisation: another
organisation's officer is a 404. The invitation page is not behind the officer gate (whoever opens
it is not an officer yet); after accepting, the gate sends the new officer to set up a second factor.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.audit import AuditContext
from portal.partners import officers as service
from portal.partners.access import officer_required
from portal.partners.forms import InviteForm, OfficerForm
from portal.partners.models import Invitation, Officer


def _officers_page(request, form, status=200):
    organisation = request.officer.organisation
    language = get_language()
    people = list(
        Officer.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("units")
        .order_by("user__email")
    )
    for officer in people:
        officer.unit_names = [unit.display_name(language) for unit in officer.units.all()]
    waiting = [
        invitation
        for invitation in Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, cancelled_at__isnull=True
        ).order_by("-created_at")
        if service.is_waiting(invitation)
    ]
    context = {
        "people": people,
        "waiting": waiting,
        "form": form,
        "days": settings.PARTNER_INVITATION_DAYS,
    }
    return render(request, "partners/officers.html", context, status=status)


@never_cache
@officer_required(admin=True)
@require_http_methods(["GET", "POST"])
def officers(request):
    language = get_language()
    if request.method != "POST":
        return _officers_page(request, InviteForm(scope=request.partner_scope, language=language))
    form = InviteForm(request.POST, scope=request.partner_scope, language=language)
    if form.is_valid():
        try:
            invitation = service.invite(
                organisation=request.officer.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                is_admin=form.cleaned_data["is_admin"],
                units=form.cleaned_data["units"],
                actor=request.user,
                context=AuditContext.from_request(request),
                language=language,
            )
        except service.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("partners:officers")
    return _officers_page(request, form, status=400)


def _colleague(request, pk):
    officer = (
        Officer.objects.active().filter(organisation=request.officer.organisation, pk=pk).select_related("user").first()
    )
    if officer is None:
        raise Http404
    return officer


@never_cache
@officer_required(admin=True)
@require_http_methods(["GET", "POST"])
def officer_change(request, pk):
    officer = _colleague(request, pk)
    language = get_language()
    initial = {"role": officer.role, "is_admin": officer.is_admin, "units": list(officer.units.all())}
    form = OfficerForm(request.POST or None, initial=initial, scope=request.partner_scope, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            service.change(
                officer=officer,
                role=form.cleaned_data["role"],
                is_admin=form.cleaned_data["is_admin"],
                units=form.cleaned_data["units"],
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except service.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The access of %(email)s has been changed.") % {"email": officer.user.email})
            return redirect("partners:officers")
    status = 400 if form.errors else 200
    return render(request, "partners/officer_change.html", {"officer": officer, "form": form}, status=status)


@officer_required(admin=True)
@require_POST
def officer_revoke(request, pk):
    officer = _colleague(request, pk)
    try:
        service.revoke(officer=officer, actor=request.user, context=AuditContext.from_request(request))
    except service.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(email)s no longer has access.") % {"email": officer.user.email})
    if officer.pk == request.officer.pk:
        return redirect("/")
    return redirect("partners:officers")


@officer_required(admin=True)
@require_POST
def invitation_cancel(request, pk):
    invitation = Invitation.objects.filter(organisation=request.officer.organisation, pk=pk).first()
    if invitation is None:
        raise Http404
    service.cancel(invitation=invitation, actor=request.user, context=AuditContext.from_request(request))
    messages.success(request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email})
    return redirect("partners:officers")


@never_cache  # the page names the organisation and the invited address
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The invitation link: log in first, then what joining means, then one button."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    try:
        found = service.read_token(token)
    except service.InvalidInvitation as invalid:
        return render(request, "partners/invitation_invalid.html", {"reason": str(invalid)}, status=400)
    problem = service.why_not(found, request.user)
    organisation = found.organisation.display_name(get_language())
    if problem:
        context = {"invitation": found, "organisation": organisation, "problem": problem}
        return render(request, "partners/invitation_refused.html", context, status=403)
    if request.method == "POST":
        try:
            service.accept(token=token, actor=request.user, context=AuditContext.from_request(request))
        except (service.Refused, service.InvalidInvitation) as refused:
            return render(request, "partners/invitation_invalid.html", {"reason": str(refused)}, status=400)
        messages.success(
            request, _("You have joined the HR service of %(organisation)s.") % {"organisation": organisation}
        )
        return redirect("partners:home")
    context = {"invitation": found, "organisation": organisation, "days": settings.PARTNER_INVITATION_DAYS}
    return render(request, "partners/invitation.html", context)
