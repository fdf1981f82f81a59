"""The claims back-office in the Wagtail admin: queue, one claim, claims on behalf, supervision.

Access is by permission, not by "is staff": claims.view_claim to read,
claims.change_claim to act, claims.add_claim to record a claim on behalf of a
member, claims.supervise_claims for the figures. Communications staff have
none of them and get 403 on every view. Every look at a claim is written to
the audit log, since it shows a member's personal file.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import audit
from portal.claims import downloads, permissions, services, statistics, workflow
from portal.claims.forms import AgentMessageForm, AssignForm, OnBehalfForm, QueueFilterForm, StatusForm
from portal.claims.models import Claim

QUEUE_PAGE_SIZE = 50


def _require(request, permission):
    if not (request.user.is_active and request.user.has_perm(permission)):
        raise PermissionDenied


def agents():
    """Users who can work on claims (members of the agents' or supervisors' group, or superusers)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[permissions.CLAIMS_AGENTS, permissions.CLAIMS_SUPERVISORS]) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def filter_queue(queryset, filters, user, now=None):
    """Apply the queue's filters (a cleaned QueueFilterForm's data)."""
    for name in ("status", "category", "channel"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("overdue"):
        queryset = queryset.overdue(now)
    if filters.get("mine"):
        queryset = queryset.filter(assigned_to=user)
    if filters.get("unassigned"):
        queryset = queryset.filter(assigned_to__isnull=True)
    return queryset


def queue_claims(filters, user):
    """The queue as agents see it: the most urgent (earliest due) on top; closed claims only
    when the status filter asks for them (the indexes of Claim.Meta follow this shape)."""
    claims = filter_queue(Claim.objects.select_related("member", "assigned_to"), filters, user)
    claims = claims.order_by("due_at", "pk")
    if not filters.get("status"):
        claims = claims.exclude(status="closed")
    return claims


def queue(request):
    _require(request, permissions.VIEW)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queue_claims(filters, request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/admin/queue.html",
        {"form": form, "page": page, "now": timezone.now(), "query": query.urlencode()},
    )


def _claim_context(request, claim, **forms):
    allowed = workflow.allowed_transitions(claim)
    context = {
        "claim": claim,
        "member": claim.member,
        "thread": claim.messages.select_related("author").prefetch_related("attachments"),
        "claim_attachments": claim.attachments.filter(message__isnull=True),
        "events": claim.events.select_related("author", "assignee"),
        "message_form": forms.get("message_form") or AgentMessageForm(allowed=allowed),
        "status_form": forms.get("status_form") or StatusForm(allowed=allowed),
        "assign_form": forms.get("assign_form")
        or AssignForm(agents=agents(), initial={"assignee": claim.assigned_to_id}),
        "can_change": permissions.can_work(request.user),
        "allowed": allowed,
        "now": timezone.now(),
    }
    return context


def _show_claim(request, claim, status=200, **forms):
    """Render one claim: every showing (a re-shown form with errors too) is one audited view."""
    audit.record(request, "claims.view", member=claim.member, target=claim.reference)
    return render(request, "claims/admin/claim.html", _claim_context(request, claim, **forms), status=status)


def _get_claim(pk):
    return get_object_or_404(Claim.objects.select_related("member", "dossier", "assigned_to"), pk=pk)


def claim_detail(request, pk):
    _require(request, permissions.VIEW)
    return _show_claim(request, _get_claim(pk))


@require_POST
def post_message(request, pk):
    _require(request, permissions.CHANGE)
    claim = _get_claim(pk)
    form = AgentMessageForm(request.POST, request.FILES, allowed=workflow.allowed_transitions(claim))
    if form.is_valid():
        data = form.cleaned_data
        internal = data["kind"] == AgentMessageForm.NOTE
        try:
            services.post_message(
                claim,
                author=request.user,
                body=data["body"],
                files=data["attachments"],
                is_internal=internal,
                new_status=data["new_status"] or None,
            )
        except workflow.TransitionRefused as refusal:
            form.add_error("new_status", str(refusal))
        else:
            audit.record(
                request, "claims.note" if internal else "claims.reply", member=claim.member, target=claim.reference
            )
            messages.success(request, _("Internal note added.") if internal else _("Reply sent to the member."))
            return redirect("claims_claim", pk=claim.pk)
    messages.error(request, _("Nothing was saved: please correct the form."))
    return _show_claim(request, claim, status=400, message_form=form)


@require_POST
def change_status(request, pk):
    _require(request, permissions.CHANGE)
    claim = _get_claim(pk)
    form = StatusForm(request.POST, allowed=workflow.allowed_transitions(claim))
    if form.is_valid():
        try:
            workflow.transition(claim, form.cleaned_data["status"], author=request.user)
        except workflow.TransitionRefused as refusal:
            form.add_error("status", str(refusal))
        else:
            audit.record(
                request, "claims.status", member=claim.member, target=claim.reference, details={"status": claim.status}
            )
            messages.success(request, _("Status changed to “%(status)s”.") % {"status": claim.get_status_display()})
            return redirect("claims_claim", pk=claim.pk)
    messages.error(request, _("The status was not changed: please correct the form."))
    return _show_claim(request, claim, status=400, status_form=form)


@require_POST
def assign(request, pk):
    _require(request, permissions.CHANGE)
    claim = _get_claim(pk)
    data = request.POST.copy()
    if "take" in data:
        data["assignee"] = str(request.user.pk)
    form = AssignForm(data, agents=agents())
    if form.is_valid():
        services.assign(claim, form.cleaned_data["assignee"], author=request.user)
        audit.record(request, "claims.assign", member=claim.member, target=claim.reference)
        messages.success(request, _("Assignment saved."))
        return redirect("claims_claim", pk=claim.pk)
    messages.error(request, _("The assignment was not changed: please correct the form."))
    return _show_claim(request, claim, status=400, assign_form=form)


def download(request, pk, attachment_id):
    _require(request, permissions.VIEW)
    claim = _get_claim(pk)
    attachment = claim.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    audit.record(request, "claims.download", member=claim.member, target=f"{claim.reference}/{attachment.pk}")
    return downloads.serve(attachment)


@require_http_methods(["GET", "POST"])
def on_behalf(request):
    """Record a claim that came by phone, at a counter or by mail."""
    _require(request, permissions.ADD)
    form = OnBehalfForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        claim = services.file_claim(
            services.NewClaim(
                member=form.member,
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                channel=data["channel"],
                language=data["language"],
                files=data["attachments"],
            ),
            author=request.user,
        )
        audit.record(request, "claims.create_on_behalf", member=claim.member, target=claim.reference)
        messages.success(request, _("Claim %(reference)s recorded.") % {"reference": claim.reference})
        return redirect("claims_claim", pk=claim.pk)
    status = 400 if form.errors else 200
    return render(request, "claims/admin/on_behalf.html", {"form": form}, status=status)


def supervision(request):
    _require(request, permissions.SUPERVISE)
    return render(
        request,
        "claims/admin/supervision.html",
        {"figures": statistics.supervision(), "months": statistics.monthly_figures(months=6)},
    )
