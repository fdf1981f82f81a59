"""The applicant's pages ("Mes démarches"): list, start, steps, documents, check and send, follow.

Every request is found through ``selectors.applicant_case(request.user, reference)``: another
person's request is a 404 on every URL, never a 403 that would confirm it exists. The pages only
call ``services``; a ``NotAllowed`` becomes a message for the person, never a 500.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import account_required, acting_account
from portal.audit import AuditContext
from portal.casework import checklist, procedures, selectors, services, workflow
from portal.casework.choices import FINAL, Status
from portal.casework.forms import ConfirmForm, DocumentsForm, WithdrawForm
from portal.casework.procedures import Audience
from portal.casework.procedures.base import to_json
from portal.casework.timeline import timeline_entries
from portal.files import downloads

# The audiences whose procedures a person starts from "Mes démarches".
LISTED_AUDIENCES = (Audience.MEMBER, Audience.ACCOUNT)


def _needs_file(request, procedure):
    """A procedure about one's own file needs that file: not enrolled -> the enrolment page."""
    if procedure is not None and procedure.audience == Audience.MEMBER and request.member is None:
        return redirect("portal:enrol")
    return None


def applicant_request(*, drafts_only=False):
    """The view receives the person's request instead of its reference: another person's is a 404 (never
    a 403 that would confirm it exists); a procedure about one's own file needs that file (else the
    enrolment page); ``drafts_only``: a request already sent is shown, not changed."""

    def decorator(view):
        @account_required
        @wraps(view)
        def wrapper(request, reference, *args, **kwargs):
            case = selectors.applicant_case(acting_account(request), reference)
            gate = _needs_file(request, case.definition)
            if gate is None and drafts_only:
                gate = _draft_only(request, case)
            return gate or view(request, case, *args, **kwargs)

        return wrapper

    return decorator


def _draft_only(request, case):
    if case.status != Status.DRAFT:
        if case.submitted_at is None:  # a draft given up
            messages.error(request, _("This request has been withdrawn: it can no longer be changed."))
        else:
            messages.error(request, _("This request has already been submitted: it can no longer be changed."))
        return redirect("casework:detail", reference=case.reference)
    return None


def _progress(case, current):
    """The steps of the draft as the person reads them: the procedure's steps, then "Documents",
    then "Check and send", each with its link and whether it is done or current."""
    definition = case.definition
    entries = [
        (step.name, step.title, reverse("casework:step", args=[case.reference, step.name])) for step in definition.steps
    ]
    entries.append(("documents", _("Documents"), reverse("casework:documents", args=[case.reference])))
    entries.append(("review", _("Check and send"), reverse("casework:review", args=[case.reference])))
    names = [name for name, _title, _url in entries]
    index = names.index(current)
    items = [
        {"name": name, "title": title, "url": url, "current": name == current, "done": name in case.answers}
        for name, title, url in entries
    ]
    return {"items": items, "number": index + 1, "total": len(items)}


def _previous_url(case, current):
    progress = _progress(case, current)["items"]
    names = [item["name"] for item in progress]
    index = names.index(current)
    return progress[index - 1]["url"] if index else reverse("casework:list")


# --- Pages ------------------------------------------------------------------------------------------


def startable(request, cases):
    """The procedures this person may start: each with its draft to continue, or why not yet."""
    drafts = {case.procedure: case for case in cases if case.status == Status.DRAFT}
    for draft in drafts.values():
        draft.resume_url = resume_url(draft)
    rows = []
    for audience in LISTED_AUDIENCES:
        for procedure in procedures.startable_online(audience):
            draft = drafts.get(procedure.code)
            allowed = services.may_start(procedure, actor=acting_account(request), member=request.member)
            rows.append({"procedure": procedure, "draft": draft, "allowed": bool(allowed), "reason": allowed.reason})
    return rows


@account_required
def case_list(request):
    applicant = acting_account(request)
    cases = list(selectors.applicant_cases(applicant).order_by("-created_at"))
    in_progress = [case for case in cases if case.status not in FINAL and case.status != Status.DRAFT]
    in_progress.sort(key=lambda case: case.status != Status.INFO_REQUESTED)
    context = {
        "drafts": [case for case in cases if case.status == Status.DRAFT],
        "in_progress": in_progress,
        "decided": [case for case in cases if case.status in FINAL],
        "awaited": selectors.awaited_documents(applicant),
        "procedures": startable(request, cases),
    }
    return render(request, "casework/list.html", context)


@account_required
@require_http_methods(["GET", "POST"])
def start(request, procedure):
    if request.method != "POST":
        return redirect("casework:list")
    definition = procedures.get(procedure)
    if definition is None or definition.audience not in LISTED_AUDIENCES:
        raise Http404
    gate = _needs_file(request, definition)
    if gate:
        return gate
    try:
        case = services.start(
            definition,
            actor=request.user,
            applicant=acting_account(request),
            member=request.member,
            language=get_language(),
            initial=_proposed(definition, request.POST),
            context=AuditContext.from_request(request),
        )
    except services.NotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("casework:list")
    return _resume(case)


def _proposed(definition, data):
    """The first step's answers a start button carries (``Procedure.prefilled``): only the fields that
    are valid, as the person will see them; the rest they fill in."""
    if not definition.prefilled or not definition.steps:
        return None
    form = definition.steps[0].form(data)
    form.is_valid()
    proposed = {name: value for name, value in form.cleaned_data.items() if name in data and value not in (None, "")}
    return to_json(proposed) or None


def resume_url(case):
    """Where a draft continues: the step reached, else the documents."""
    if case.step and case.definition.step(case.step):
        return reverse("casework:step", args=[case.reference, case.step])
    return reverse("casework:documents", args=[case.reference])


def _resume(case):
    return redirect(resume_url(case))


@applicant_request(drafts_only=True)
@require_http_methods(["GET", "POST"])
def step(request, case, step):
    definition_step = case.definition.step(step)
    if definition_step is None:
        raise Http404
    initial = case.answers.get(step)
    if initial is None and step == case.definition.steps[0].name:
        initial = case.answers.get(services.INITIAL)
    form = definition_step.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.save_step(case, step, form.cleaned_data, actor=request.user)
        except services.NotAllowed as problem:
            messages.error(request, str(problem))
            return redirect("casework:detail", reference=case.reference)
        if "later" in request.POST:
            messages.success(request, _("Your draft is kept. You can continue it later from “My procedures”."))
            return redirect("casework:list")
        names = case.definition.step_names()
        index = names.index(step)
        if index + 1 < len(names):
            return redirect("casework:step", reference=case.reference, step=names[index + 1])
        return redirect("casework:documents", reference=case.reference)
    context = {
        "case": case,
        "step": definition_step,
        "form": form,
        "progress": _progress(case, step),
        "back_url": _previous_url(case, step),
    }
    return render(request, "casework/step.html", context, status=400 if form.errors else 200)


def _documents_page(request, case, form, status=200):
    context = {
        "case": case,
        "form": form,
        "has_documents": any(item.documents for item in form.items),
        "progress": _progress(case, "documents"),
        "back_url": _previous_url(case, "documents"),
    }
    return render(request, "casework/documents.html", context, status=status)


def _store_uploads(request, case, form):
    """Send every line's files, all or nothing; returns an error message or None."""
    try:
        services.send_documents(
            case, actor=request.user, uploads=form.uploads(), context=AuditContext.from_request(request)
        )
    except services.NotAllowed as problem:
        return str(problem)
    return None


@applicant_request(drafts_only=True)
@require_http_methods(["GET", "POST"])
def documents(request, case):
    items = checklist.checklist(case)
    if request.method != "POST":
        return _documents_page(request, case, DocumentsForm(items=items))
    form = DocumentsForm(request.POST, request.FILES, items=items)
    if not form.is_valid():
        return _documents_page(request, case, form, status=400)
    if not form.uploads() and "continue" not in request.POST:
        form.add_error(None, _("Choose a file to send."))
        return _documents_page(request, case, form, status=400)
    problem = _store_uploads(request, case, form)
    if problem:
        form.add_error(None, problem)
        return _documents_page(request, case, form, status=400)
    if form.uploads():
        messages.success(request, _("Your documents have been added."))
    if "continue" in request.POST:
        return redirect("casework:review", reference=case.reference)
    return redirect("casework:documents", reference=case.reference)


@applicant_request(drafts_only=True)
@require_POST
def remove_document(request, case, document_id):
    document = selectors.case_document(case, document_id)
    try:
        services.remove_document(case, document, actor=request.user)
    except services.NotAllowed as problem:
        messages.error(request, str(problem))
        return redirect("casework:detail", reference=case.reference)
    messages.success(request, _("The document “%(name)s” has been removed.") % {"name": document.original_name})
    return redirect("casework:documents", reference=case.reference)


def _review_page(request, case, form, status=200, error=""):
    definition = case.definition
    answered = [step for step in definition.steps if step.name in case.answers]
    summary = [
        {"title": title, "rows": rows, "url": reverse("casework:step", args=[case.reference, step.name])}
        for (title, rows), step in zip(procedures.summary(definition, case.answers), answered, strict=False)
    ]
    context = {
        "case": case,
        "summary": summary,
        "rows": [(item, None) for item in checklist.checklist(case)],
        "problems": services.problems(case),
        "form": form,
        "error": error,
        "progress": _progress(case, "review"),
        "back_url": _previous_url(case, "review"),
    }
    return render(request, "casework/review.html", context, status=status)


@applicant_request(drafts_only=True)
def review(request, case):
    return _review_page(request, case, ConfirmForm())


@applicant_request()
@require_POST
def submit(request, case):
    if case.status != Status.DRAFT:
        # A double click: the first one sent the request; show it, without a second message.
        refused = _draft_only(request, case) if case.submitted_at is None else None
        return refused or redirect("casework:detail", reference=case.reference)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _review_page(request, case, form, status=400)
    try:
        case = services.submit(case, actor=request.user, context=AuditContext.from_request(request))
    except (services.NotAllowed, workflow.TransitionRefused) as problem:
        return _review_page(request, case, form, status=400, error=str(problem))
    messages.success(request, _sent_message(case))
    return redirect("casework:detail", reference=case.reference)


def _sent_message(case):
    """ "Sent, reference DEM-…, download the receipt": the reference isolated, the receipt one tap away."""
    sentence = escape(_("Your request has been sent. Its reference is %(reference)s.")) % {
        "reference": format_html('<bdi dir="ltr">{}</bdi>', case.reference)
    }
    link = format_html(
        '<a href="{}">{}</a>', reverse("casework:receipt", args=[case.reference]), _("Download the receipt (PDF)")
    )
    return mark_safe(f"{sentence} {link}")  # both parts are escaped above


def _detail_page(request, case, *, send_form=None, withdraw_form=None, status=200):
    open_items = checklist.open_requests(case)
    context = {
        "case": case,
        "timeline": timeline_entries(selectors.timeline(case)),
        "open_items": open_items,
        "send_form": send_form or (DocumentsForm(items=open_items, prefix="send") if open_items else None),
        "documents": case.documents.order_by("created_at", "pk"),
        "can_withdraw": workflow.can_withdraw(case),
        "withdraw_form": withdraw_form or WithdrawForm(),
        "decided": case.status in (Status.ACCEPTED, Status.REFUSED),
        "resume_url": resume_url(case) if case.status == Status.DRAFT else "",
    }
    return render(request, "casework/detail.html", context, status=status)


@applicant_request()
def detail(request, case):
    definition = case.definition
    if definition is not None and definition.page:
        # A service with a page of its own (the life certificate): the member answers there.
        return redirect(definition.page)
    return _detail_page(request, case)


@applicant_request()
@require_POST
def withdraw(request, case):
    if not workflow.can_withdraw(case):
        messages.error(request, _("This request cannot be withdrawn."))
        return redirect("casework:detail", reference=case.reference)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, case, withdraw_form=form, status=400)
    try:
        services.withdraw(case, actor=request.user, context=AuditContext.from_request(request))
    except (services.NotAllowed, workflow.TransitionRefused) as problem:
        messages.error(request, str(problem))
        return redirect("casework:detail", reference=case.reference)
    messages.success(request, _("Your request has been withdrawn."))
    return redirect("casework:detail", reference=case.reference)


@applicant_request()
@require_POST
def send_documents(request, case):
    """The applicant answers what the fund asked for (after submission)."""
    open_items = checklist.open_requests(case)
    if not open_items:
        messages.error(request, _("The fund is not waiting for any document for this request."))
        return redirect("casework:detail", reference=case.reference)
    form = DocumentsForm(request.POST, request.FILES, items=open_items, prefix="send")
    if form.is_valid() and not form.uploads():
        form.add_error(None, _("Choose a file to send."))
    if form.is_valid():
        problem = _store_uploads(request, case, form)
        if problem is None:
            messages.success(request, _("Thank you: the fund has received your documents."))
            return redirect("casework:detail", reference=case.reference)
        form.add_error(None, problem)
    return _detail_page(request, case, send_form=form, status=400)


@applicant_request()
def receipt(request, case):
    if case.submitted_at is None:
        raise Http404  # a draft has no receipt
    from portal.casework import receipt_pdf  # written with the public pages; imported when asked for

    response = HttpResponse(receipt_pdf.render(case), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@applicant_request()
def download(request, case, document_id):
    return downloads.serve(selectors.case_document(case, document_id))
