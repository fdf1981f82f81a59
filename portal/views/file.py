"""The member's own file: dashboard, career, payments, dossiers, who looked at it."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from portal import career, payments, selectors
from portal.access import member_required
from portal.attestations import kind_for
from portal.casework import selectors as case_selectors
from portal.casework.timeline import timeline_entries
from portal.claims import selectors as claim_selectors


@member_required
def dashboard(request):
    member = request.member
    periods = list(member.career_periods.all())
    context = {
        "member": member,
        "service": career.total_service(periods),
        "current_period": periods[-1] if periods else None,
        "yearly_totals": payments.yearly_totals(member)[:3],
        "last_payment": member.payments.first(),
        "dossiers": member.dossiers.all()[:5],
        "pending_changes": selectors.pending_changes(member),
        "claims_awaiting_me": claim_selectors.awaiting_member_count(member),
        "attestation_kind": kind_for(member),
        "cases_in_progress": case_selectors.in_progress(request.user)[:5],
        "awaited_documents": case_selectors.awaited_documents(request.user)[:5],
    }
    return render(request, "portal/dashboard.html", context)


@member_required
def career_view(request):
    member = request.member
    periods = list(member.career_periods.all())
    rows = [{"period": p, "duration": career.period_duration(p)} for p in periods]
    context = {
        "member": member,
        "rows": rows,
        "service": career.total_service(periods),
        "contribution_years": member.contribution_years.order_by("-year"),
    }
    return render(request, "portal/career.html", context)


@member_required
def payments_view(request):
    member = request.member
    return render(request, "portal/payments.html", {"member": member, "yearly_totals": payments.yearly_totals(member)})


@member_required
def payments_year(request, year):
    member = request.member
    rows = payments.payments_of_year(member, year)
    if not rows.exists():
        raise Http404
    total = next(t for t in payments.yearly_totals(member) if t["year"] == year)
    return render(request, "portal/payments_year.html", {"year": year, "payments": rows, "total": total})


@member_required
def payment_detail(request, pk):
    payment = get_object_or_404(request.member.payments, pk=pk)
    return render(request, "portal/payment_detail.html", {"payment": payment})


@member_required
def dossier_detail(request, reference):
    dossier = get_object_or_404(request.member.dossiers, reference=reference)
    language = get_language()
    events = [{"event": e, "message": e.message(language)} for e in dossier.events.all()]
    # The online requests that led to this dossier: their history comes first, as the member lived it.
    cases = list(case_selectors.applicant_cases(request.user).filter(dossier=dossier).order_by("created_at"))
    context = {
        "dossier": dossier,
        "events": events,
        "next_step": dossier.next_step(language),
        "cases": [{"case": case, "timeline": timeline_entries(case_selectors.timeline(case))} for case in cases],
    }
    return render(request, "portal/dossier.html", context)


@member_required
def access_log(request):
    """Which staff opened the member's file, and when (the member's right to know)."""
    views = selectors.staff_views_of(request.member, request.user)
    return render(request, "portal/access_log.html", {"views": views})
