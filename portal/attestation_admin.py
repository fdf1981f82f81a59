"""Staff views in the Wagtail admin: find an attestation (by its printed code or the member's number) and revoke it.

Finding shows member data, so it needs the "view member files" permission and is audited like
opening the file; revoking is a decision on the member's file, so it also needs the permission
to decide change requests (both held by Member services).
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import attestations, audit
from portal.access import staff_permission_required
from portal.attestation_forms import RevocationForm
from portal.models import Attestation, AuditAction
from portal.permissions import DECIDE_CHANGES, VIEW_FILE


def _find(query):
    """Attestations matching a printed code (exact), or a member's affiliation / pension number / CIN."""
    found = attestations.verify(query)
    if found is not None:
        return [found]
    return list(
        Attestation.objects.select_related("member")
        .filter(
            Q(member__affiliation_number__iexact=query)
            | Q(member__pension_number__iexact=query)
            | Q(member__national_id__iexact=query)
        )
        .order_by("-created_at", "-pk")[:50]
    )


@staff_permission_required(VIEW_FILE)
def attestation_search(request):
    query = request.GET.get("q", "").strip()
    found = _find(query) if query else []
    for member in {attestation.member for attestation in found}:
        audit.record(request, AuditAction.STAFF_VIEWED_FILE, member=member, target="attestations")
    context = {"query": query, "attestations": found}
    return render(request, "portal/admin/attestation_search.html", context)


@require_http_methods(["GET", "POST"])
@staff_permission_required(VIEW_FILE)
@staff_permission_required(DECIDE_CHANGES)
def attestation_revoke(request, pk):
    attestation = get_object_or_404(Attestation.objects.select_related("member"), pk=pk)
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and attestation.revoked_at is None and form.is_valid():
        try:
            attestations.revoke_attestation(
                attestation=attestation,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                context=audit.AuditContext.from_request(request),
            )
        except attestations.AlreadyRevoked:
            messages.error(request, _("Someone else revoked this attestation in the meantime."))
        else:
            messages.success(request, _("The attestation is revoked: its verification page now says so."))
        return redirect(f"{request.path}")
    if request.method == "GET":
        audit.record(request, AuditAction.STAFF_VIEWED_FILE, member=attestation.member, target=attestation.serial)
    context = {
        "attestation": attestation,
        "form": form,
        "code": attestations.code_of(attestation),
        "facts": attestations.asserted_facts(attestation),
    }
    return render(request, "portal/admin/attestation_revoke.html", context, status=400 if form.errors else 200)
