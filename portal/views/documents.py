"""Attestations: issued to the member as PDF, checked by anyone at /verify/."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST, require_safe

from portal import attestations
from portal.access import member_required
from portal.forms import VerifyForm


@member_required
def attestation_page(request):
    member = request.member
    return render(
        request,
        "portal/attestations.html",
        {"kind": attestations.kind_for(member), "issued": member.attestations.all()[:20]},
    )


@require_POST
@member_required
def attestation_download(request):
    language = request.POST.get("language") or get_language()
    if language not in ("fr", "ar"):
        language = get_language()
    attestation = attestations.issue(request, request.member, language)
    pdf = attestations.render_pdf(request.member, attestation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{attestation.kind}-{language}.pdf"'
    return response


@require_safe
def verify(request):
    """Public: says whether a code is genuine and shows only the holder's name, the kind and the date."""
    form = VerifyForm(request.GET or None)
    attestation = None
    checked = False
    if request.GET and form.is_valid():
        checked = True
        attestation = attestations.verify(form.cleaned_data["code"])
    return render(request, "portal/verify.html", {"form": form, "checked": checked, "attestation": attestation})
