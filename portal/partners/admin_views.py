"""The fund's side of the partners' area in the Wagtail admin: the employers and their HR officers, and
the fund-wide report of the dossiers' delays.

The organisations come from the core system's tree of employers; here the employers' team (group
"Employers", ``permissions.MANAGE``) looks them up, sees their officers and open invitations, invites an
officer (usually an organisation's first administrator, who then invites the others from the partners'
space), ends an access, and turns an organisation's access off or on. The report (``permissions.REPORT``)
gives each organisation's share of dossiers sent on time and the fund's median delay to decide, as a
chart, a table and a CSV, and the late dossiers across organisations. Anyone else gets 403. Every change
goes through ``portal.partners.officers`` (audited there); a refusal is put back on the form (400).
"""

import csv
import io
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit
from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.casework.choices import Status
from portal.partners import charts, deadlines, officers, permissions, selectors
from portal.partners.choices import AuditAction, Role
from portal.partners.models import Invitation, Officer, Organisation, RetirementDossier

PAGE_SIZE = 50
LATE_SHOWN = 200  # the page lists the latest; the CSV has them all


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the officer"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices, initial=Role.SIGNATORY)
    is_admin = forms.BooleanField(
        label=gettext_lazy("Administrator of the organisation (invites the other officers)"),
        required=False,
        initial=True,
    )
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Limited to these units (none: the whole organisation)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = officers.organisation_units(organisation)


def _pending(organisation):
    now = timezone.now()
    return [
        invitation
        for invitation in organisation.invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True)
        if officers.is_waiting(invitation, now)
    ]


@staff_permission_required(permissions.MANAGE)
def organisations(request):
    query = request.GET.get("q", "").strip()[:200]
    found = Organisation.objects.select_related("parent").annotate(
        officer_count=Count("officers", filter=Q(officers__revoked_at__isnull=True))
    )
    if query:
        found = found.filter(Q(name__icontains=query) | Q(name_ar__icontains=query) | Q(core_id__icontains=query))
    page = Paginator(found.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/admin/organisations.html",
        {
            "page": page,
            "query": urlencode({"q": query}) if query else "",
            "search_query": query,
            "search_label": _("Name or core system id"),
            "may_report": permissions.may_report(request.user),
        },
    )


def _organisation_page(request, organisation, *, invite_form=None, status=200):
    return render(
        request,
        "partners/admin/organisation.html",
        {
            "organisation": organisation,
            "units": organisation.units.order_by("name"),
            "officers": organisation.officers.select_related("user").prefetch_related("units"),
            "invitations": _pending(organisation),
            "invite_form": invite_form or InviteForm(organisation=organisation),
        },
        status=status,
    )


@staff_permission_required(permissions.MANAGE)
def organisation(request, pk):
    return _organisation_page(request, get_object_or_404(Organisation.objects.select_related("parent"), pk=pk))


@require_POST
@staff_permission_required(permissions.MANAGE)
def invite(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = InviteForm(request.POST, organisation=organisation)
    if form.is_valid() and not organisation.is_active:
        form.add_error(None, _("This organisation's access is turned off: turn it on before inviting anyone."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = officers.invite(
                organisation=organisation,
                email=data["email"],
                role=data["role"],
                is_admin=data["is_admin"],
                units=data["units"],
                actor=request.user,
                context=AuditContext.from_request(request),
                language=get_language(),
            )
        except officers.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("partners_admin_organisation", pk=organisation.pk)
    messages.error(request, _("Nothing was changed: please correct the form."))
    return _organisation_page(request, organisation, invite_form=form, status=400)


@require_POST
@staff_permission_required(permissions.MANAGE)
def revoke(request, pk, officer_id):
    organisation = get_object_or_404(Organisation, pk=pk)
    officer = get_object_or_404(Officer, pk=officer_id, organisation=organisation)
    try:
        officers.revoke(officer=officer, actor=request.user, context=AuditContext.from_request(request))
    except officers.Refused as refusal:
        messages.error(request, str(refusal))
        return _organisation_page(request, organisation, status=400)
    messages.success(request, _("The officer's access has ended."))
    return redirect("partners_admin_organisation", pk=organisation.pk)


@require_POST
@staff_permission_required(permissions.MANAGE)
def cancel_invitation(request, pk, invitation_id):
    organisation = get_object_or_404(Organisation, pk=pk)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    officers.cancel(invitation=invitation, actor=request.user, context=AuditContext.from_request(request))
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("partners_admin_organisation", pk=organisation.pk)


@require_POST
@staff_permission_required(permissions.MANAGE)
def set_active(request, pk):
    """Turn an organisation's access off (its officers and API tokens stop working at once) or on again."""
    organisation = get_object_or_404(Organisation, pk=pk)
    active = request.POST.get("active") == "1"
    with transaction.atomic():
        updated = Organisation.objects.filter(pk=organisation.pk, is_active=not active).update(is_active=active)
        if updated:
            audit.record(
                request,
                AuditAction.ORGANISATION_ACCESS,
                target=organisation.core_id,
                details={"is_active": active},
            )
    if active:
        messages.success(request, _("The organisation's access is turned on."))
    else:
        messages.success(request, _("The organisation's access is turned off: its officers and systems are refused."))
    return redirect("partners_admin_organisation", pk=organisation.pk)


# The fund-wide report ------------------------------------------------------------------------------


def late_dossiers(*, today):
    """Dossiers of every organisation that are late: sent after their due date, or due and not sent yet."""
    dossiers = (
        RetirementDossier.objects.exclude(case__status=Status.WITHDRAWN)
        .select_related("case", "member", "organisation")
        .order_by("due_on", "pk")
    )
    late = []
    for dossier in dossiers.filter(Q(due_on__lt=today) | Q(case__submitted_at__isnull=False)).iterator(chunk_size=2000):
        submitted = dossier.case.submitted_at
        dossier.sent_on = timezone.localdate(submitted) if submitted else None
        if deadlines.is_late(sent_on=dossier.sent_on, retirement=dossier.retirement_date, today=today):
            late.append(dossier)
    return late


def _report_rows(today):
    language = get_language()
    return [
        (organisation, organisation.display_name(language), delays)
        for organisation, delays in (selectors.delays_by_organisation(today=today))
    ]


@staff_permission_required(permissions.REPORT)
def report(request):
    today = timezone.localdate()
    rows = _report_rows(today)
    late = late_dossiers(today=today)
    return render(
        request,
        "partners/admin/report.html",
        {
            "rows": rows,
            "chart": charts.on_time_chart(
                [(name, delays) for _organisation, name, delays in rows],
                title=_("Share of the retirement dossiers sent on time, by employer"),
            ),
            "late": late[:LATE_SHOWN],
            "late_count": len(late),
            "today": today,
        },
    )


def _cell(value):
    """A CSV cell a spreadsheet will not run as a formula (a name starting with "=" stays text)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _share(delays):
    return "" if delays.on_time_share is None else f"{delays.on_time_share * 100:.1f}"


@staff_permission_required(permissions.REPORT)
def report_csv(request):
    today = timezone.localdate()
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets then read the accents and the Arabic names right
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Core system id"),
            _("Employer"),
            _("Dossiers sent"),
            _("Sent on time"),
            _("Late"),
            _("Share on time (%)"),
            _("Decided"),
            _("Median days to decide"),
        ]
    )
    for organisation, name, delays in _report_rows(today):
        writer.writerow(
            [
                _cell(organisation.core_id),
                _cell(name),
                delays.sent,
                delays.on_time,
                delays.late,
                _share(delays),
                delays.decided,
                "" if delays.median_days_to_decide is None else delays.median_days_to_decide,
            ]
        )
    writer.writerow([])
    writer.writerow([_("Late dossiers"), _("Employer"), _("Affiliation number"), _("Due at the fund by"), _("Sent")])
    for dossier in late_dossiers(today=today):
        writer.writerow(
            [
                _cell(dossier.case.reference),
                _cell(dossier.organisation.display_name(get_language())),
                _cell(dossier.member.affiliation_number),
                dossier.due_on.isoformat(),
                dossier.sent_on.isoformat() if dossier.sent_on else "",
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="employers-delays-{today.isoformat()}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response
