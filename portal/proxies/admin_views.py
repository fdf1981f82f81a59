"""The fund's side of helped access, in the Wagtail admin: legal representatives and help at the counter.

Thin views: the rules are in ``guardians.py`` and ``counter.py``; each view is behind
``staff_permission_required`` (``permissions.py``).
"""

from types import SimpleNamespace

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal import audit
from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.files import downloads, uploads
from portal.models import AuditAction, Member
from portal.proxies import acting, counter, guardians
from portal.proxies.admin_forms import CounterCodeForm, CounterFormConsent, EndGuardianForm, GuardianForm
from portal.proxies.choices import Consent
from portal.proxies.models import CounterSession
from portal.proxies.permissions import HELP_AT_COUNTER, MANAGE_GUARDIANS

_CONTENT_TYPES = {ext: content_type for content_type, ext in uploads.EXTENSIONS.items()}


def _member_file(member):
    return redirect("portal_admin_member", pk=member.pk)


@staff_permission_required(MANAGE_GUARDIANS)
def guardian_new(request, member_pk):
    member = get_object_or_404(Member, pk=member_pk)
    form = GuardianForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guardians.record(
                member=member,
                name=data["name"],
                email=data["email"],
                decision=guardians.CourtDecision(data["court_reference"], data["decided_on"], data["decision"]),
                expires_on=data["expires_on"],
                language=data["language"],
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except guardians.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Legal representative recorded; the invitation has been sent."))
            return _member_file(member)
    status = 400 if request.method == "POST" else 200
    return render(request, "proxies/admin/guardian_form.html", {"member": member, "form": form}, status=status)


@staff_permission_required(MANAGE_GUARDIANS)
def guardian_end(request, pk):
    proxy = get_object_or_404(guardians.guardians_of_any(), pk=pk)
    form = EndGuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guardians.end(
                proxy=proxy,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except guardians.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The representation has ended."))
        return _member_file(proxy.member)
    status = 400 if request.method == "POST" else 200
    return render(request, "proxies/admin/guardian_end.html", {"proxy": proxy, "form": form}, status=status)


@staff_permission_required(MANAGE_GUARDIANS)
def court_decision(request, pk):
    proxy = get_object_or_404(guardians.guardians_of_any().exclude(court_decision=""), pk=pk)
    audit.record(request, AuditAction.STAFF_VIEWED_FILE, member=proxy.member, target=f"proxy:{pk}")
    extension = proxy.court_decision.name.rsplit(".", 1)[-1]
    return downloads.serve(
        SimpleNamespace(
            file=proxy.court_decision,
            original_name=f"court-decision-{proxy.pk}.{extension}",
            content_type=_CONTENT_TYPES.get(extension, "application/octet-stream"),
        )
    )


def _portal_dashboard():
    language = translation.get_language()
    if language not in ("fr", "ar"):
        language = "fr"
    with translation.override(language):
        return redirect(reverse("portal:dashboard"))


def _counter_page(request, member, *, code_form=None, form_consent=None, status=200):
    refusal = counter.refusal(member, request.user)
    destination = counter.code_destination(member)
    context = {
        "member": member,
        "refusal": refusal,
        "destination": counter.masked(*destination) if destination else "",
        "form_consent": form_consent or CounterFormConsent(),
        "code_form": code_form,
    }
    return render(request, "proxies/counter_start.html", context, status=status)


@staff_permission_required(HELP_AT_COUNTER)
def counter_start(request, member_pk):
    """Choose how the member consents: a code sent now, or the signed form."""
    member = get_object_or_404(Member.objects.select_related("user"), pk=member_pk)
    if request.method != "POST":
        return _counter_page(request, member)
    context = AuditContext.from_request(request)
    if request.POST.get("consent") == Consent.CODE:
        try:
            session = counter.send_code(member=member, actor=request.user, context=context)
        except counter.Refused as refusal:
            messages.error(request, str(refusal))
            return _counter_page(request, member, status=400)
        return redirect("proxies_admin_counter_code", pk=session.pk)
    form = CounterFormConsent(request.POST, request.FILES)
    if not form.is_valid():
        return _counter_page(request, member, form_consent=form, status=400)
    try:
        session = counter.start_with_form(
            member=member,
            signed_form=form.cleaned_data["signed_form"],
            actor=request.user,
            session_key=request.session.session_key,
            context=context,
        )
    except counter.Refused as refusal:
        form.add_error(None, str(refusal))
        return _counter_page(request, member, form_consent=form, status=400)
    acting.choose(request, "counter", session.pk)
    return _portal_dashboard()


@staff_permission_required(HELP_AT_COUNTER)
def counter_code(request, pk):
    """The agent types the code the member reads out."""
    pending = get_object_or_404(
        CounterSession.objects.select_related("member"), pk=pk, agent=request.user, consent=Consent.CODE
    )
    form = CounterCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = counter.start_with_code(
                session_id=pending.pk,
                code=form.cleaned_data["code"],
                actor=request.user,
                session_key=request.session.session_key,
                context=AuditContext.from_request(request),
            )
        except counter.Refused as refusal:
            form.add_error("code", str(refusal))
        else:
            acting.choose(request, "counter", session.pk)
            return _portal_dashboard()
    destination = counter.code_destination(pending.member)
    context = {
        "session": pending,
        "member": pending.member,
        "form": form,
        "destination": counter.masked(*destination) if destination else "",
    }
    return render(request, "proxies/counter_code.html", context, status=400 if request.method == "POST" else 200)
