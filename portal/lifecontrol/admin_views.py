"""The fund's life-control screens in the Wagtail admin: the campaigns (new, figures, opening), the
answers to check (the review queue and one answer), and one pensioner's check (notices, answers,
a certificate received on paper, a letter posted).

Access is by permission (``staff_permission_required``): lifecontrol.view_campaign to read the
campaigns and their figures, lifecontrol.add_campaign to create and open one,
lifecontrol.review_lifecheck for everything that touches a pensioner (answers, files, checks,
letters). Claims agents and editors hold none and get 403. A refusal of the services is put back
on the form (400) and nothing is changed.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal import audit
from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.files import downloads
from portal.lifecontrol import figures, notices, permissions, services
from portal.lifecontrol.admin_forms import (
    CampaignForm,
    ChecksFilterForm,
    OpenCampaignForm,
    PostalNoticeForm,
    QueueFilterForm,
    RecordForm,
    ReviewForm,
)
from portal.lifecontrol.choices import DONE, WAITING, AuditAction, CheckStatus, FileKind, Review
from portal.lifecontrol.models import Campaign, LifeCheck, Submission, SubmissionFile
from portal.models import MemberStatus

VIEW = "lifecontrol.view_campaign"
MANAGE = permissions.MANAGE_CAMPAIGNS
REVIEW = permissions.REVIEW

PAGE_SIZE = 50
# One PDF of letters stays printable and small enough to download on the fund's network.
LETTERS_PER_PDF = 200


def _page_query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _refused_message(request):
    messages.error(request, _("Nothing was changed: please correct the form."))


# --- Campaigns ---------------------------------------------------------------------------------


@staff_permission_required(VIEW)
def campaigns(request):
    page = Paginator(Campaign.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "lifecontrol/admin/campaigns.html", {"page": page, "query": ""})


@require_http_methods(["GET", "POST"])
@staff_permission_required(MANAGE)
def campaign_new(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            campaign = form.save(commit=False)
            campaign.created_by = request.user
            campaign.save()
            messages.success(request, _("Campaign saved. Check the population below, then open it."))
            return redirect("lifecontrol_admin:campaign", pk=campaign.pk)
        _refused_message(request)
    return render(request, "lifecontrol/admin/campaign_new.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_permission_required(MANAGE)
def campaign_edit(request, pk):
    """Change a campaign until it opens (a typo in a date, a country forgotten). Once the population is
    drawn it cannot change: the figures and the letters already count on it."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if campaign.is_open or campaign.checks.exists():
        messages.error(request, _("This campaign is open: it can no longer be changed."))
        return redirect("lifecontrol_admin:campaign", pk=campaign.pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Campaign saved. Check the population below, then open it."))
            return redirect("lifecontrol_admin:campaign", pk=campaign.pk)
        _refused_message(request)
    context = {"form": form, "campaign": campaign}
    return render(request, "lifecontrol/admin/campaign_new.html", context, status=400 if form.errors else 200)


def _checks(campaign, filters):
    checks = LifeCheck.objects.filter(campaign=campaign)
    if filters.get("status"):
        checks = checks.filter(status=filters["status"])
    if filters.get("country"):
        checks = checks.filter(country=filters["country"])
    if filters.get("q"):
        q = filters["q"]
        checks = checks.filter(
            Q(member__pension_number__iexact=q)
            | Q(member__affiliation_number__iexact=q)
            | Q(member__national_id__iexact=q)
        )
    return checks.select_related("member").order_by("pk")


def _unreached(campaign):
    """The checks still waiting for an answer whose pensioner no notice has reached: no e-mail or
    SMS the provider accepted, no letter posted. They are the ones to write to."""
    return (
        LifeCheck.objects.filter(campaign=campaign, status__in=[*WAITING, CheckStatus.OVERDUE])
        .exclude(Exists(notices.of_outer_check()))
        .select_related("member", "campaign")
        .order_by("pk")
    )


def _campaign_page(request, campaign, *, open_form=None, status=200):
    context = {
        "campaign": campaign,
        "can_manage": request.user.has_perm(MANAGE),
        "statuses": [MemberStatus(status).label for status in campaign.statuses or services.PENSIONERS],
        "countries": [figures.country_name(code) for code in campaign.countries],
    }
    if not campaign.is_open:
        context["preview"] = services.population(campaign).count()
        context["open_form"] = open_form or OpenCampaignForm()
        return render(request, "lifecontrol/admin/campaign.html", context, status=status)
    table = figures.campaign_figures(campaign)
    form = ChecksFilterForm(request.GET or None, countries_present=[(row.country, row.name) for row in table.rows])
    checks = figures.reached_notices(_checks(campaign, form.filters()))
    unreached = _unreached(campaign).count()
    context.update(
        {
            "figures": table,
            "form": form,
            "page": Paginator(checks, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": _page_query(request),
            "csv_query": _page_query(request),
            "unreached": unreached,
            "letter_batches": [
                (number, start + 1, min(start + LETTERS_PER_PDF, unreached))
                for number, start in enumerate(range(0, unreached, LETTERS_PER_PDF), start=1)
            ],
        }
    )
    return render(request, "lifecontrol/admin/campaign.html", context, status=status)


@staff_permission_required(VIEW)
def campaign_detail(request, pk):
    return _campaign_page(request, get_object_or_404(Campaign, pk=pk))


@require_POST
@staff_permission_required(MANAGE)
def campaign_open(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = OpenCampaignForm(request.POST)
    if form.is_valid():
        try:
            made = services.open_campaign(campaign, actor=request.user, context=AuditContext.from_request(request))
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            told = ngettext(
                "Campaign open: %(count)s pensioner will be told.",
                "Campaign open: %(count)s pensioners will be told.",
                made,
            )
            messages.success(request, told % {"count": made})
            return redirect("lifecontrol_admin:campaign", pk=campaign.pk)
    _refused_message(request)
    campaign.refresh_from_db()
    if campaign.is_open:
        # Opened meanwhile (a double click, a colleague): the refusal is shown above the figures.
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
    return _campaign_page(request, campaign, open_form=form, status=400)


def _csv_response(content, filename):
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@staff_permission_required(VIEW)
def figures_csv(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk, opened_at__isnull=False)
    return _csv_response(
        figures.figures_csv(figures.campaign_figures(campaign)), f"life-control-{campaign.pk}-figures.csv"
    )


@staff_permission_required(REVIEW)
def checks_csv(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk, opened_at__isnull=False)
    form = ChecksFilterForm(request.GET or None, countries_present=[(code, code) for code in _countries_of(campaign)])
    checks = figures.reached_notices(_checks(campaign, form.filters()))
    return _csv_response(figures.checks_csv(checks.iterator(chunk_size=2000)), f"life-control-{campaign.pk}-checks.csv")


def _countries_of(campaign):
    return LifeCheck.objects.filter(campaign=campaign).order_by().values_list("country", flat=True).distinct()


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@staff_permission_required(REVIEW)
def letters(request, pk):
    """The letters of the pensioners no notice reached, LETTERS_PER_PDF per PDF (``?batch=2`` the next)."""
    from portal.lifecontrol import letter_pdf

    campaign = get_object_or_404(Campaign, pk=pk, opened_at__isnull=False)
    try:
        # Bounded: a made-up batch number is a 404 below, never an offset the database refuses.
        batch = min(max(int(request.GET.get("batch", "1")), 1), 100_000)
    except ValueError:
        batch = 1
    start = (batch - 1) * LETTERS_PER_PDF
    checks = list(_unreached(campaign)[start : start + LETTERS_PER_PDF])
    if not checks:
        raise Http404
    # SITE_URL, never the request's Host header: a letter's QR code must not point anywhere else.
    content = letter_pdf.letters(checks, base_url=settings.SITE_URL)
    audit.log(
        AuditAction.LETTERS_PRINTED,
        actor=request.user,
        context=AuditContext.from_request(request),
        target=f"campaign:{campaign.pk}",
        details={"batch": batch, "count": len(checks)},
    )
    return _pdf_response(content, f"life-control-{campaign.pk}-letters-{batch}.pdf")


# --- The answers to check ----------------------------------------------------------------------


@staff_permission_required(REVIEW)
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    answers = Submission.objects.filter(review__in=[Review.PENDING, Review.REJECTION_PROPOSED])
    if filters.get("campaign"):
        answers = answers.filter(life_check__campaign=filters["campaign"])
    for name in ("method", "channel", "review"):
        if filters.get(name):
            answers = answers.filter(**{name: filters[name]})
    answers = answers.select_related("life_check__member", "life_check__campaign", "proposed_by").order_by(
        "created_at", "pk"
    )
    page = Paginator(answers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "lifecontrol/admin/queue.html",
        {"form": form, "page": page, "query": _page_query(request), "proposed": Review.REJECTION_PROPOSED},
    )


def _answer(pk):
    return get_object_or_404(
        Submission.objects.select_related(
            "life_check__member",
            "life_check__campaign",
            "life_check__case",
            "proposed_by",
            "reviewed_by",
            "submitted_by",
        ),
        pk=pk,
    )


def _show_answer(request, submission, *, form=None, status=200):
    check = submission.life_check
    context = {
        "answer": submission,
        "check": check,
        "member": check.member,
        "files": list(submission.files.all()),
        "form": form or ReviewForm(),
        "proposed": submission.review == Review.REJECTION_PROPOSED,
        "own_proposal": submission.review == Review.REJECTION_PROPOSED and submission.proposed_by_id == request.user.pk,
        "four_eyes": services.four_eyes(check.campaign),
        "country_name": figures.country_name(check.member.country),
    }
    return render(request, "lifecontrol/admin/answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_permission_required(REVIEW)
def answer(request, pk):
    submission = _answer(pk)
    if request.method == "GET":
        return _show_answer(request, submission)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accepted = form.cleaned_data["decision"] == ReviewForm.ACCEPT
        try:
            done = services.review(
                submission,
                actor=request.user,
                accepted=accepted,
                reason=form.cleaned_data["reason"],
                context=AuditContext.from_request(request),
            )
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _done_message(done))
            return redirect("lifecontrol_admin:queue")
    _refused_message(request)
    return _show_answer(request, _answer(pk), form=form, status=400)


def _done_message(submission):
    if submission.review == Review.REJECTION_PROPOSED:
        return _("Rejection proposed: another agent must confirm it before the pensioner is told.")
    if submission.review == Review.ACCEPTED:
        return _("Answer accepted; the pensioner is told.")
    return _("Answer not accepted; the pensioner is told what to do.")


@staff_permission_required(REVIEW)
def answer_file(request, pk, file_id):
    stored = get_object_or_404(
        SubmissionFile.objects.select_related("submission__life_check__member", "submission__life_check__case"),
        pk=file_id,
        submission_id=pk,
    )
    if not stored.file:
        raise Http404
    check = stored.submission.life_check
    # Photos of a person and their identity document: each opening is on the record.
    audit.log(
        AuditAction.PHOTOS_VIEWED,
        actor=request.user,
        context=AuditContext.from_request(request),
        member=check.member,
        target=check.case.reference,
        details={"submission": stored.submission_id, "file": stored.pk, "kind": stored.kind},
    )
    return downloads.serve(stored, inline=request.GET.get("inline") == "1")


# --- One pensioner's check ---------------------------------------------------------------------


def _check(pk):
    return get_object_or_404(LifeCheck.objects.select_related("member", "campaign", "case"), pk=pk)


def _notices(check):
    """Each notice with the day it reached the person (None: not reached), in the order they went."""
    facts = notices.facts(check)
    recorded = list(check.notices.select_related("recorded_by"))
    return list(zip(recorded, facts, strict=True))


def _no_record(check):
    """Why no certificate can be recorded now (the same words as ``services.record``'s refusal), or "":
    the form is then not offered; the service still decides on a POST."""
    if check.status in DONE:
        return _("This pensioner's certificate is already accepted for this campaign.")
    if check.status == CheckStatus.SUBMITTED:
        return _("An answer is already waiting to be checked: check it first.")
    return ""


def _show_check(request, check, *, record_form=None, postal_form=None, status=200):
    context = {
        "check": check,
        "member": check.member,
        "campaign": check.campaign,
        "notices": _notices(check),
        "answers": check.submissions.select_related("proposed_by", "reviewed_by", "submitted_by").prefetch_related(
            "files"
        ),
        "record_form": record_form or RecordForm(auto_id="id_record_%s"),
        "no_record": "" if record_form is not None else _no_record(check),
        "postal_form": postal_form or PostalNoticeForm(auto_id="id_postal_%s"),
        "can_see_case": request.user.has_perm("casework.view_case"),
        "country_name": figures.country_name(check.member.country),
        "drawn_country": figures.country_name(check.country),
        "today": timezone.localdate(),
    }
    return render(request, "lifecontrol/admin/check.html", context, status=status)


@staff_permission_required(REVIEW)
def check_detail(request, pk):
    return _show_check(request, _check(pk))


@require_POST
@staff_permission_required(REVIEW)
def check_record(request, pk):
    check = _check(pk)
    form = RecordForm(request.POST, request.FILES, auto_id="id_record_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.record(
                check,
                actor=request.user,
                channel=data["channel"],
                received_on=data["received_on"],
                files=[(FileKind.CERTIFICATE, checked) for checked in data["scan"]],
                note=data["note"],
                context=AuditContext.from_request(request),
            )
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Certificate recorded; it now waits in the answers to check."))
            return redirect("lifecontrol_admin:answer", pk=submission.pk)
    _refused_message(request)
    return _show_check(request, check, record_form=form, status=400)


@require_POST
@staff_permission_required(REVIEW)
def check_postal(request, pk):
    check = _check(pk)
    form = PostalNoticeForm(request.POST, auto_id="id_postal_%s")
    if form.is_valid():
        try:
            services.record_postal_notice(
                check,
                actor=request.user,
                posted_on=form.cleaned_data["posted_on"],
                context=AuditContext.from_request(request),
            )
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Letter recorded as posted: it counts as a notice."))
            return redirect("lifecontrol_admin:check", pk=check.pk)
    _refused_message(request)
    return _show_check(request, check, postal_form=form, status=400)


@staff_permission_required(REVIEW)
def check_letter(request, pk):
    from portal.lifecontrol import letter_pdf

    check = _check(pk)
    content = letter_pdf.letter(check, base_url=settings.SITE_URL)
    audit.log(
        AuditAction.LETTERS_PRINTED,
        actor=request.user,
        context=AuditContext.from_request(request),
        member=check.member,
        target=check.case.reference,
    )
    return _pdf_response(content, f"life-control-letter-{check.pk}.pdf")
