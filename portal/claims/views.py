"""The member's claim pages: file, acknowledgement, list, thread, reply, reopen, download.

Every lookup is filtered on request.member, so another member's claim or
attachment is a 404, never a 403 that would confirm it exists.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import member_required
from portal.claims import downloads, services, workflow
from portal.claims.forms import ClaimForm, ReplyForm
from portal.claims.models import Claim


def _own_claim(request, reference):
    return get_object_or_404(Claim.objects.select_related("dossier"), member=request.member, reference=reference)


@member_required
def claim_list(request):
    claims = (
        Claim.objects.filter(member=request.member)
        .annotate(replies=Count("messages", filter=Q(messages__is_internal=False, messages__from_member=False)))
        .order_by("-created_at", "-pk")
    )
    return render(request, "claims/list.html", {"claims": claims})


@member_required
@require_http_methods(["GET", "POST"])
def claim_new(request):
    form = ClaimForm(request.POST or None, request.FILES or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        claim = services.file_claim(services.NewClaim.filed_online(request.member, data), author=request.user)
        return redirect("claims:acknowledgement", reference=claim.reference)
    return render(request, "claims/new.html", {"form": form}, status=400 if form.errors else 200)


@member_required
def acknowledgement(request, reference):
    return render(request, "claims/acknowledgement.html", {"claim": _own_claim(request, reference)})


def _thread_context(claim, reply_form=None):
    thread = claim.messages.filter(is_internal=False).select_related("author").prefetch_related("attachments")
    return {
        "claim": claim,
        "thread": thread,
        "claim_attachments": claim.attachments.filter(message__isnull=True),
        "history": claim.events.filter(kind__in=["created", "status"]),
        "reply_form": reply_form or ReplyForm(),
        "can_reply": workflow.is_open(claim),
        "can_reopen": workflow.can_reopen(claim),
        "reopen_deadline": workflow.reopen_deadline(claim),
    }


@member_required
def claim_detail(request, reference):
    return render(request, "claims/detail.html", _thread_context(_own_claim(request, reference)))


@member_required
@require_POST
def reply(request, reference):
    claim = _own_claim(request, reference)
    form = ReplyForm(request.POST, request.FILES)
    if not workflow.is_open(claim):
        form.add_error(None, workflow.closed_message())
    elif form.is_valid():
        services.post_message(
            claim,
            author=request.user,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
            from_member=True,
        )
        messages.success(request, _("Your message has been sent."))
        return redirect("claims:detail", reference=claim.reference)
    return render(request, "claims/detail.html", _thread_context(claim, form), status=400)


@member_required
@require_POST
def reopen(request, reference):
    claim = _own_claim(request, reference)
    try:
        workflow.reopen(claim, author=request.user)
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your claim has been reopened. You can write to us again."))
    return redirect("claims:detail", reference=claim.reference)


@member_required
def download(request, reference, attachment_id):
    claim = _own_claim(request, reference)
    attachment = claim.attachments.filter(pk=attachment_id).select_related("message").first()
    # An attachment of an internal note is the agents' business only.
    if attachment is None or (attachment.message is not None and attachment.message.is_internal):
        raise Http404
    return downloads.serve(attachment)
