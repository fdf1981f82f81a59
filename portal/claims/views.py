"""The member's claim pages: file, acknowledgement, list, thread, reply, reopen, download.

Every lookup goes through the selectors with request.member, so another member's claim
or attachment is a 404, never a 403 that would confirm it exists; what the member sees
of a thread is ``visible_to_member()`` (never an agent's internal note).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import member_required
from portal.audit import AuditContext
from portal.claims import selectors, services, workflow
from portal.claims.forms import ClaimForm, ReplyForm
from portal.files import downloads


def _own_claim(request, reference):
    return selectors.member_claim(request.member, reference)


@member_required
def claim_list(request):
    return render(request, "claims/list.html", {"claims": selectors.member_claims(request.member)})


@member_required
@require_http_methods(["GET", "POST"])
def claim_new(request):
    form = ClaimForm(request.POST or None, request.FILES or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        claim = services.file_claim(
            services.NewClaim.filed_online(request.member, data),
            actor=request.user,
            context=AuditContext.from_request(request),
        )
        return redirect("claims:acknowledgement", reference=claim.reference)
    return render(request, "claims/new.html", {"form": form}, status=400 if form.errors else 200)


@member_required
def acknowledgement(request, reference):
    return render(request, "claims/acknowledgement.html", {"claim": _own_claim(request, reference)})


def _thread_context(claim, reply_form=None):
    return {
        "claim": claim,
        "thread": selectors.member_thread(claim),
        "claim_attachments": selectors.claim_files(claim),
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
            actor=request.user,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
            from_member=True,
            context=AuditContext.from_request(request),
        )
        messages.success(request, _("Your message has been sent."))
        return redirect("claims:detail", reference=claim.reference)
    return render(request, "claims/detail.html", _thread_context(claim, form), status=400)


@member_required
@require_POST
def reopen(request, reference):
    claim = _own_claim(request, reference)
    try:
        workflow.reopen(claim, actor=request.user)
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your claim has been reopened. You can write to us again."))
    return redirect("claims:detail", reference=claim.reference)


@member_required
def download(request, reference, attachment_id):
    attachment = selectors.member_attachment(_own_claim(request, reference), attachment_id)
    return downloads.serve(attachment)
