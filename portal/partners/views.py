"""The partners' space: the HR service's home, the coming retirements (page and CSV), a civil
servant's page, the start of a dossier, and the delays.

Every page goes through ``access.officer_required`` and starts its queries from
``request.partner_scope``: another organisation's civil servant is a 404, never a 403 that would
confirm they exist. The pages call ``portal.partners.dossiers`` and ``selectors`` only; every look
at civil servants' data is audited there, with ``via`` "employer" (``access.context_of``).
"""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import career
from portal.casework import services as cases
from portal.casework.choices import FINAL, WITH_THE_FUND, Status
from portal.partners import charts, deadlines, dossiers, selectors
from portal.partners.access import context_of, officer_required
from portal.partners.choices import Role
from portal.partners.forms import RetirementFilter
from portal.partners.models import Organisation

BOM = "\ufeff"
# A spreadsheet runs a cell that starts with one of these as a formula: an apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def state_label(status):
    """A dossier's state as the HR service reads it (the fund's side, in the HR service's words)."""
    if status == "none":
        return _("Not started")
    if status == Status.DRAFT:
        return pgettext("dossier", "Being prepared")
    if status in WITH_THE_FUND:
        return _("With the fund")
    if status == Status.INFO_REQUESTED:
        return _("Waiting for your correction")
    if status == Status.ACCEPTED:
        return pgettext("dossier", "Accepted")
    if status == Status.REFUSED:
        return pgettext("dossier", "Refused")
    return pgettext("dossier", "Withdrawn")


def member_name(member, language):
    return member.full_name_ar if language == "ar" else member.full_name


def ready_to_sign(dossiers_):
    """The drafts among ``dossiers_`` that lack nothing: a signatory may send them."""
    return [
        dossier for dossier in dossiers_ if dossier.case.status == Status.DRAFT and not cases.problems(dossier.case)
    ]


@officer_required
def home(request):
    scope = request.partner_scope
    today = timezone.localdate()
    upcoming = selectors.upcoming_retirements(scope, today=today)
    drafts = list(scope.dossiers().filter(case__status=Status.DRAFT).select_related("case"))
    context = {
        "upcoming_count": len(upcoming),
        "late_count": sum(1 for row in upcoming if row.late),
        "correction_count": scope.dossiers().filter(case__status=Status.INFO_REQUESTED).count(),
        "ready_count": len(ready_to_sign(drafts)),
        "draft_count": len(drafts),
        "months": deadlines.LOOK_AHEAD_MONTHS,
    }
    return render(request, "partners/home.html", context)


def _retirement_rows(request, form):
    """The coming retirements of the scope, narrowed by the (valid) filter form, in the asked order."""
    scope = request.partner_scope
    rows = selectors.upcoming_retirements(scope, today=timezone.localdate())
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    if unit is not None:
        units = unit.tree_ids()
        rows = [row for row in rows if row.member.employer_id in units]
    if request.GET.get("late") == "1":
        rows = [row for row in rows if row.late]
    if request.GET.get("order") == "-date":
        rows.reverse()
    return rows


def _labelled(rows, language):
    for row in rows:
        row.name = member_name(row.member, language)
        row.unit_name = row.member.employer.display_name(language) if row.member.employer_id else ""
        row.state_text = state_label(row.state)
    return rows


def _invalid_filter(request, form):
    context = {"form": form, "rows": [], "months": deadlines.LOOK_AHEAD_MONTHS}
    return render(request, "partners/retirements.html", context, status=400)


@never_cache  # names and dates of civil servants
@officer_required
def retirements(request):
    language = get_language()
    form = RetirementFilter(request.GET or None, scope=request.partner_scope, language=language)
    if request.GET and not form.is_valid():
        return _invalid_filter(request, form)
    rows = _labelled(_retirement_rows(request, form), language)
    dossiers.listed(scope=request.partner_scope, count=len(rows), actor=request.user, context=context_of(request))
    query = request.GET.copy()
    query.pop("order", None)
    context = {
        "form": form,
        "rows": rows,
        "months": deadlines.LOOK_AHEAD_MONTHS,
        "descending": request.GET.get("order") == "-date",
        "query": query.urlencode(),
        "late_only": request.GET.get("late") == "1",
    }
    return render(request, "partners/retirements.html", context)


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def retirements_csv_bytes(rows, language):
    out = io.StringIO()
    out.write(BOM)  # Excel reads UTF-8 (accents, Arabic names) only with it
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Name"),
            _("Affiliation number"),
            _("Unit"),
            _("Retirement date"),
            _("Dossier due at the fund by"),
            _("Dossier"),
            _("Dossier reference"),
            _("Late"),
        ]
    )
    for row in _labelled(rows, language):
        writer.writerow(
            safe_cell(value)
            for value in (
                row.name,
                row.member.affiliation_number,
                row.unit_name,
                row.retirement_date.isoformat(),
                row.due_on.isoformat(),
                row.state_text,
                row.dossier.case.reference if row.dossier is not None else "",
                _("yes") if row.late else _("no"),
            )
        )
    return out.getvalue().encode("utf-8")


@officer_required
def retirements_csv(request):
    language = get_language()
    form = RetirementFilter(request.GET or None, scope=request.partner_scope, language=language)
    if request.GET and not form.is_valid():
        return _invalid_filter(request, form)
    rows = _retirement_rows(request, form)
    dossiers.listed(
        scope=request.partner_scope, count=len(rows), exported=True, actor=request.user, context=context_of(request)
    )
    response = HttpResponse(retirements_csv_bytes(rows, language), content_type="text/csv; charset=utf-8")
    name = f"retirements-{request.partner_scope.organisation.core_id}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _member_or_404(request, pk):
    try:
        return dossiers.member_in_scope(request.partner_scope, pk)
    except dossiers.NotFound as missing:
        raise Http404 from missing


@never_cache
@officer_required
def member(request, pk):
    member = _member_or_404(request, pk)
    dossiers.viewed(scope=request.partner_scope, member=member, actor=request.user, context=context_of(request))
    periods = list(member.career_periods.all())
    retirement = deadlines.retirement_date(member.birth_date) if member.birth_date else None
    member_dossiers = list(
        request.partner_scope.dossiers().filter(member=member).select_related("case").order_by("-created_at")
    )
    for dossier in member_dossiers:
        dossier.state_text = state_label(dossier.case.status)
    in_progress = next((d for d in member_dossiers if d.case.status not in FINAL), None)
    context = {
        "member": member,
        "name": member_name(member, get_language()),
        "unit_name": member.employer.display_name(get_language()) if member.employer_id else "",
        "retirement": retirement,
        "due_on": deadlines.due_on(retirement) if retirement else None,
        "rows": [{"period": period, "duration": career.period_duration(period)} for period in periods],
        "service": career.total_service(periods),
        "dossiers": member_dossiers,
        "in_progress": in_progress,
        "may_prepare": request.partner_scope.may_prepare,
    }
    return render(request, "partners/member.html", context)


@officer_required(role=Role.PREPARER)
@require_POST
def start(request, pk):
    _member_or_404(request, pk)
    try:
        dossier, created = dossiers.start(
            scope=request.partner_scope,
            member_pk=pk,
            actor=request.user,
            language=get_language(),
            context=context_of(request),
        )
    except dossiers.NotFound as missing:
        raise Http404 from missing
    except dossiers.NotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("partners:member", pk=pk)
    if not created:
        messages.info(request, _("A dossier is already in progress for this person: here it is."))
    first = dossier.case.definition.steps[0].name
    return redirect("partners:step", reference=dossier.case.reference, step=first)


def _unit_rows(scope, today):
    """[(unit name, Delays)] for the units (direct sub-units of the organisation) that sent dossiers."""
    organisation = scope.organisation
    language = get_language()
    units = list(Organisation.objects.filter(parent=organisation, pk__in=scope.unit_ids).order_by("name"))
    rows = []
    for unit in units:
        unit_scope = type(scope)(
            organisation=organisation,
            unit_ids=frozenset(unit.tree_ids()) & scope.unit_ids,
            may_prepare=False,
            may_submit=False,
        )
        if unit_scope.dossiers().exists():
            rows.append((unit.display_name(language), selectors.delays(unit_scope, today=today)))
    return rows


@never_cache
@officer_required
def delays(request):
    scope = request.partner_scope
    today = timezone.localdate()
    language = get_language()
    figures = selectors.delays(scope, today=today)
    unit_rows = _unit_rows(scope, today)
    late_sent = selectors.late_dossiers(scope, today=today)
    for dossier in late_sent:
        dossier.name = member_name(dossier.member, language)
    # Past their due date and not sent yet: late already, whatever happens next.
    overdue = [
        row
        for row in _labelled(selectors.upcoming_retirements(scope, today=today), language)
        if row.due_on < today and (row.dossier is None or row.dossier.case.submitted_at is None)
    ]
    context = {
        "figures": _shown("", figures),
        "unit_rows": [_shown(label, row) for label, row in unit_rows],
        "chart": charts.on_time_chart(unit_rows, title=_("Share of the dossiers sent on time, by unit")),
        "late_sent": late_sent,
        "overdue": overdue,
        "due_months": deadlines.DUE_MONTHS_BEFORE,
    }
    return render(request, "partners/delays.html", context)


def _shown(label, figures):
    """One line of figures as the page shows it: the share as "87 %", the median in whole days."""
    median = figures.median_days_to_decide
    return {
        "label": label,
        "sent": figures.sent,
        "on_time": figures.on_time,
        "late": figures.late,
        "decided": figures.decided,
        "share": charts.percent(figures.on_time_share) if figures.on_time_share is not None else "",
        "median": round(median) if median is not None else None,
    }
