"""The member's own file: dashboard, career, payments, dossiers, who acted on it."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from portal import career, career_flags, payments, selectors
from portal.access import acting_account, member_required
from portal.attestations import kind_for
from portal.casework import selectors as case_selectors
from portal.casework.timeline import timeline_entries
from portal.claims import selectors as claim_selectors
from portal.lifecontrol import selectors as life_selectors
from portal.models import Member
from portal.pension_rules import schedule
from portal.proxies import selectors as helped_access
from portal.subqueries import count_of


@member_required
def dashboard(request):
    member = request.member
    periods = list(member.career_periods.all())
    life_checks = list(life_selectors.checks_of(member))  # read once for the banner and the history
    # The two numbers the dashboard says, in one query.
    counts = (
        Member.objects.filter(pk=member.pk)
        .values(
            claims_awaiting_me=count_of(claim_selectors.awaiting_member(member)),
            pending_changes=count_of(selectors.pending_changes(member)),
        )
        .get()
    )
    context = {
        **counts,
        "member": member,
        "service": career.total_service(periods),
        "current_period": periods[-1] if periods else None,
        "yearly_totals": payments.yearly_totals(member)[:3],
        "last_payment": member.payments.first(),
        "dossiers": member.dossiers.all()[:5],
        "attestation_kind": kind_for(member),
        "cases_in_progress": case_selectors.in_progress(acting_account(request))[:5],
        "awaited_documents": case_selectors.awaited_documents(acting_account(request))[:5],
        "life_check": life_selectors.current_check(member, checks=life_checks),
        "life_years": life_selectors.history(member, checks=life_checks)[:3],
    }
    return render(request, "portal/dashboard.html", context)


@member_required
def career_view(request):
    member = request.member
    periods = list(member.career_periods.all())
    rows = [{"period": p, "duration": career.period_duration(p)} for p in periods]
    years = list(member.contribution_years.order_by("-year"))
    flags = career_flags.for_member(
        member,
        account=acting_account(request),
        today=timezone.localdate(),
        rules=schedule.load(),
        periods=periods,
        years=years,
    )
    context = {
        "member": member,
        "rows": rows,
        "service": career.total_service(periods),
        "contribution_years": years,
        "flags": flags,
        # A proxy who may only read sees the flags, not the buttons (the start view refuses them anyway).
        "can_report": not request.acting.on_behalf or request.acting.can_act,
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
    cases = list(case_selectors.applicant_cases(acting_account(request)).filter(dossier=dossier).order_by("created_at"))
    context = {
        "dossier": dossier,
        "events": events,
        "next_step": dossier.next_step(language),
        "cases": [{"case": case, "timeline": timeline_entries(case_selectors.timeline(case))} for case in cases],
    }
    return render(request, "portal/dossier.html", context)


@member_required
def access_log(request):
    """Who acted on the member's file besides the member, how and when (the member's right to know)."""
    helpers_only = request.GET.get("helpers") == "1"
    events = list(selectors.actions_by_others(request.member, helpers_only=helpers_only))
    return render(
        request,
        "portal/access_log.html",
        {"events": helped_access.described(request.member, events), "helpers_only": helpers_only},
    )
