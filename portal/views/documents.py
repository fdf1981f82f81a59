"""Attestations and payment slips: issued to the member as PDF, checked by anyone at /verify/."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config import throttle
from portal import attestations, audit
from portal.access import member_required
from portal.attestation_forms import AttestationRequestForm, LanguageForm
from portal.attestation_pdf import render as render_attestation
from portal.forms import VerifyForm
from portal.models import AttestationKind


def _pdf_response(attestation):
    response = HttpResponse(render_attestation(attestation), content_type="application/pdf")
    name = f"{attestation.kind}-{attestation.issued_on:%Y%m%d}-{attestation.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _attestation_page(request, form, status=200):
    member = request.member
    context = {"form": form, "kind": attestations.kind_for(member), "issued": member.attestations.all()[:20]}
    return render(request, "portal/attestations.html", context, status=status)


@member_required
def attestation_page(request):
    initial = {"language": get_language(), "kind": attestations.kind_for(request.member)}
    form = AttestationRequestForm(member=request.member, initial=initial)
    return _attestation_page(request, form)


@require_POST
@member_required(reads=True)  # issuing a copy only reads the file: a read-only proxy may
def attestation_download(request):
    data = request.POST.copy()
    # The historical form posted only a language: it asks for the member's basic attestation.
    data.setdefault("kind", attestations.kind_for(request.member))
    form = AttestationRequestForm(data, member=request.member)
    if not form.is_valid():
        return _attestation_page(request, form, status=400)
    try:
        attestation = attestations.issue_attestation(
            member=request.member,
            language=form.cleaned_data["language"],
            actor=request.user,
            context=audit.AuditContext.from_request(request),
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
        )
    except attestations.NotAvailable:
        form.add_error(None, _("Your file does not allow this attestation. Contact the fund if you need it."))
        return _attestation_page(request, form, status=400)
    return _pdf_response(attestation)


@require_safe
@member_required
def attestation_pdf(request, serial):
    """An attestation already issued, again (the same code); another member's is not found."""
    attestation = get_object_or_404(request.member.attestations, serial=serial)
    return _pdf_response(attestation)


@require_POST
@member_required(reads=True)
def payment_slip(request, pk):
    """The payment slip of one of the member's payments, as a verifiable PDF."""
    payment = get_object_or_404(request.member.payments, pk=pk)
    form = LanguageForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else get_language()
    attestation = attestations.issue_attestation(
        member=request.member,
        language=language,
        actor=request.user,
        context=audit.AuditContext.from_request(request),
        kind=AttestationKind.PAYMENT_SLIP,
        payment=payment,
    )
    return _pdf_response(attestation)


def _over_verify_budget(request):
    """Count one check from this client address; True once it has used its budget for the window.

    Codes cannot be guessed (64-bit serial and 64-bit signature), but each check costs a query and
    a page: the budget stops a script from using the page as a free oracle or a load generator.
    """
    window = settings.ATTESTATION_VERIFY_WINDOW
    key = f"throttle:verify:{audit.client_ip(request) or 'unknown'}:{int(time.time() // window)}"
    return throttle.count(key, window=window) > settings.ATTESTATION_VERIFY_LIMIT


@require_safe
def verify(request):
    """Public: whether a code is genuine, revoked or unknown, with what a bank compares with the paper."""
    form = VerifyForm(request.GET or None)
    context = {"form": form, "checked": False, "attestation": None}
    if request.GET and form.is_valid():
        if _over_verify_budget(request):
            context["throttled"] = _(
                "Too many codes were checked from your connection in a short time. Please try again in a few minutes."
            )
            return render(request, "portal/verify.html", context, status=429)
        attestation = attestations.verify(form.cleaned_data["code"])
        context["checked"] = True
        if attestation is not None:
            context.update(
                attestation=attestation,
                masked_national_id=attestations.masked_national_id(attestation.member.national_id),
                facts=attestations.asserted_facts(attestation),
            )
    return render(request, "portal/verify.html", context)
