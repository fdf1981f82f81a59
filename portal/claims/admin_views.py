"""The claims back-office in the Wagtail admin: queue, one claim, claims on behalf, supervision.

Access is by permission, not by "is staff" (``staff_permission_required``):
claims.view_claim to read, claims.change_claim to act, claims.add_claim to record a
claim on behalf of a member, claims.supervise_claims for the figures. Communications
staff have none of them and get 403 on every view. Every look at a claim is written to
the audit log by the services, since it shows a member's personal file.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.claims import permissions, selectors, services, statistics, workflow
from portal.claims.forms import AgentMessageForm, AssignForm, OnBehalfForm, QueueFilterForm, StatusForm
from portal.claims.queue import queue_rows
from portal.claims.selectors import QUEUE_PAGE_SIZE, queue_claims
from portal.files import downloads
from portal.paging import CappedPaginator


@staff_permission_required(permissions.VIEW)
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = CappedPaginator(queue_claims(filters, request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": queue_rows(page, now=timezone.now()), "query": query.urlencode()}
    return render(request, "claims/admin/queue.html", context)


def _claim_context(request, claim, **forms):
    allowed = workflow.allowed_transitions(claim)
    return {
        "claim": claim,
        "member": claim.member,
        "thread": selectors.agent_thread(claim),
        "claim_attachments": selectors.claim_files(claim),
        "events": claim.events.select_related("author", "assignee"),
        "message_form": forms.get("message_form") or AgentMessageForm(allowed=allowed),
        "status_form": forms.get("status_form") or StatusForm(allowed=allowed),
        "assign_form": forms.get("assign_form")
        or AssignForm(agents=selectors.agents(), initial={"assignee": claim.assigned_to_id}),
        "can_change": permissions.can_work(request.user),
        "allowed": allowed,
        "now": timezone.now(),
    }


def _show_claim(request, claim, status=200, **forms):
    """Render one claim: every showing (a re-shown form with errors too) is one audited view."""
    services.opened_by_agent(claim, actor=request.user, context=AuditContext.from_request(request))
    return render(request, "claims/admin/claim.html", _claim_context(request, claim, **forms), status=status)


@staff_permission_required(permissions.VIEW)
def claim_detail(request, pk):
    return _show_claim(request, selectors.claim_for_agent(pk))


@require_POST
@staff_permission_required(permissions.CHANGE)
def post_message(request, pk):
    claim = selectors.claim_for_agent(pk)
    form = AgentMessageForm(request.POST, request.FILES, allowed=workflow.allowed_transitions(claim))
    if form.is_valid():
        data = form.cleaned_data
        internal = data["kind"] == AgentMessageForm.NOTE
        try:
            services.post_message(
                claim,
                actor=request.user,
                body=data["body"],
                files=data["attachments"],
                is_internal=internal,
                new_status=data["new_status"] or None,
                context=AuditContext.from_request(request),
            )
        except workflow.TransitionRefused as refusal:
            form.add_error("new_status", str(refusal))
        else:
            messages.success(request, _("Internal note added.") if internal else _("Reply sent to the member."))
            return redirect("claims_claim", pk=claim.pk)
    messages.error(request, _("Nothing was saved: please correct the form."))
    return _show_claim(request, claim, status=400, message_form=form)


@require_POST
@staff_permission_required(permissions.CHANGE)
def change_status(request, pk):
    claim = selectors.claim_for_agent(pk)
    form = StatusForm(request.POST, allowed=workflow.allowed_transitions(claim))
    if form.is_valid():
        try:
            services.change_status(
                claim, form.cleaned_data["status"], actor=request.user, context=AuditContext.from_request(request)
            )
        except workflow.TransitionRefused as refusal:
            form.add_error("status", str(refusal))
        else:
            messages.success(request, _("Status changed to “%(status)s”.") % {"status": claim.get_status_display()})
            return redirect("claims_claim", pk=claim.pk)
    messages.error(request, _("The status was not changed: please correct the form."))
    return _show_claim(request, claim, status=400, status_form=form)


@require_POST
@staff_permission_required(permissions.CHANGE)
def assign(request, pk):
    claim = selectors.claim_for_agent(pk)
    data = request.POST.copy()
    if "take" in data:
        data["assignee"] = str(request.user.pk)
    form = AssignForm(data, agents=selectors.agents())
    if form.is_valid():
        services.assign(
            claim, form.cleaned_data["assignee"], actor=request.user, context=AuditContext.from_request(request)
        )
        messages.success(request, _("Assignment saved."))
        return redirect("claims_claim", pk=claim.pk)
    messages.error(request, _("The assignment was not changed: please correct the form."))
    return _show_claim(request, claim, status=400, assign_form=form)


@staff_permission_required(permissions.VIEW)
def download(request, pk, attachment_id):
    claim = selectors.claim_for_agent(pk)
    attachment = claim.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    services.attachment_opened_by_agent(attachment, actor=request.user, context=AuditContext.from_request(request))
    return downloads.serve(attachment)


@require_http_methods(["GET", "POST"])
@staff_permission_required(permissions.ADD)
def on_behalf(request):
    """Record a claim that came by phone, at a counter or by mail."""
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
            actor=request.user,
            context=AuditContext.from_request(request),
        )
        messages.success(request, _("Claim %(reference)s recorded.") % {"reference": claim.reference})
        return redirect("claims_claim", pk=claim.pk)
    status = 400 if form.errors else 200
    return render(request, "claims/admin/on_behalf.html", {"form": form}, status=status)


@staff_permission_required(permissions.SUPERVISE)
def supervision(request):
    return render(
        request,
        "claims/admin/supervision.html",
        {"figures": statistics.supervision(), "months": statistics.monthly_figures(months=6)},
    )
