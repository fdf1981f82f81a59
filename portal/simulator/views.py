"""The member's simulator: three scenarios from their file, the chart, the explanation, the PDF.

Read-only, so anyone who may read the file (the member, a proxy with a grant, an agent at the
counter) sees it, as any other page of the member's space: ``member_required`` decides, and like
the career or payments pages it writes no audit event of its own (opening someone else's file is
what the audit log records, ``portal.proxies``). The page only ever reads ``request.member``.

The what-ifs are a GET form: the page can be bookmarked, and the PDF link carries the same
parameters. Bad parameters are a 400 page with the error, never a broken PDF.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.access import member_required
from portal.models import MemberStatus
from portal.pension_rules import schedule
from portal.simulator import chart, engine, estimate_pdf, explain, situation
from portal.simulator.forms import MemberSimulationForm

logger = logging.getLogger(__name__)


def result_context(start, rules, chosen):
    """What the result block shows (``templates/simulator/includes/result.html``), for both simulators."""
    scenarios = explain.scenarios(start, rules, chosen)
    by_date = engine.by_date(start, rules)
    chosen_scenario = next((scenario for scenario in scenarios if scenario.key == explain.CHOSEN), None)
    return {
        "scenarios": scenarios,
        # The open explanation (``#explanation``): the chosen date's, or the legal date's when none was
        # chosen or the chosen one pays nothing.
        "explained": explain.CHOSEN if chosen_scenario and chosen_scenario.estimate.entitled else explain.LEGAL,
        "chart": chart.svg(by_date),
        "chart_rows": [
            {
                "date": date,
                "service": explain.length(estimate.service_months),
                "gross": explain.isolate(explain.money(estimate.gross)),
                "net": explain.isolate(explain.money(estimate.net)),
            }
            for date, estimate in by_date
        ],
    }


def _unavailable(member, legal, today):
    """Why the simulator has nothing to compute for this file (a kind message), or None."""
    if member.status != MemberStatus.CONTRIBUTING:
        return "pensioner"
    if not situation.in_service(member):
        return "no_career"
    if legal < engine.first_of_next_month(today):
        return "past_legal"
    return None


def _simulation(request):
    """(context, status) of the page for ``request.member`` and the GET parameters."""
    member = request.member
    today = timezone.localdate()
    rules = schedule.load()
    legal = engine.legal_date(member.birth_date, rules)
    context = {"member": member, "today": today, "legal": legal}
    unavailable = _unavailable(member, legal, today)
    if unavailable:
        return {**context, "unavailable": unavailable}, 200, None
    bound = any(name in request.GET for name in MemberSimulationForm.base_fields)
    form = MemberSimulationForm(
        request.GET if bound else None, legal=legal, today=today, initial={"retirement_date": legal, "growth": 0}
    )
    valid = bound and form.is_valid()
    growth = form.cleaned_data["growth"] if valid else 0
    chosen = form.cleaned_data["retirement_date"] if valid else None
    start = situation.from_member(member, today=today, growth=growth)
    context.update(form=form, **result_context(start, rules, chosen))
    if bound and not valid:
        return context, 400, None
    context["pdf_query"] = request.GET.urlencode() if bound else ""
    return context, 200, start


def _simulation_or_unavailable(request):
    try:
        return _simulation(request)
    except schedule.MissingRule:
        # A rule deleted in the admin: say so rather than fail (the fund sees it in the log).
        logger.exception("The pension rules are incomplete: the simulator cannot compute")
        return {"member": request.member, "unavailable": "rules"}, 503, None


@require_safe
@never_cache  # the member's salaries and amounts
@member_required
def member(request):
    context, status, _start = _simulation_or_unavailable(request)
    return render(request, "simulator/member.html", context, status=status)


@require_safe
@never_cache
@member_required
def member_pdf(request):
    context, status, start = _simulation_or_unavailable(request)
    if status != 200 or start is None:
        return render(request, "simulator/member.html", context, status=status)
    language = translation.get_language()
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    content = estimate_pdf.render(
        request.member, context["scenarios"], language=language, today=context["today"], growth=start.growth
    )
    response = HttpResponse(content, content_type="application/pdf")
    number = request.member.affiliation_number
    response["Content-Disposition"] = f'attachment; filename="pension-estimate-{number}.pdf"'
    return response
