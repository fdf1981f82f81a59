"""The agents' back-office for requests in the Wagtail admin: the queue, one request and what can be
done to it, the documents awaited past their deadline, and asking a member for a document.

Access is by permission (``staff_permission_required``): casework.view_case to read,
casework.decide_case to act. Communications staff and claims agents hold neither and get 403.
Drafts are never shown (``selectors.case_for_agent``). Every showing of a request and every
download is audited by the services. A refusal of the services or the workflow is put back on
the form (400) and nothing is changed.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import rib
from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.casework import admin_panels, checklist, permissions, procedures, selectors, services, workflow
from portal.casework.admin_forms import (
    AskCorrectionForm,
    AskMemberForm,
    AssignForm,
    DecisionForm,
    MatchForm,
    NoteForm,
    QueueFilterForm,
    RequestDocumentsForm,
    ReviewDocumentForm,
    StartReviewForm,
    agents,
)
from portal.casework.choices import STAFF_STATUS_LABELS, DocumentReview, RequestStatus, Status
from portal.files import downloads
from portal.paging import CappedPaginator

REFUSED = (services.NotAllowed, workflow.TransitionRefused)


def _page_query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@staff_permission_required(permissions.VIEW)
def queue(request):
    form = QueueFilterForm(request.GET or None, agent_list=agents())
    cases = selectors.queue(form.filters(request.user))
    page = CappedPaginator(cases, selectors.QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/admin/queue.html",
        {
            "form": form,
            "page": page,
            "now": timezone.now(),
            "query": _page_query(request),
            "search_query": request.GET.get("q", ""),
            "search_label": _("Reference, affiliation or pension number, or CIN"),
        },
    )


def _masked_answers(answers):
    """The answers with every bank account number reduced to its last four digits."""
    return {
        step: {name: rib.mask(value) if name == "bank_rib" and value else value for name, value in data.items()}
        if isinstance(data, dict)
        else data
        for step, data in answers.items()
    }


def _review_form(document, data=None):
    # One form per document on the page: the ids differ, the field names do not.
    return ReviewDocumentForm(data, auto_id=f"id_document{document.pk}_%s")


def _with_staff_labels(events):
    """The history with each status as agents name it ("Waiting for the member")."""
    events = list(events)
    for event in events:
        event.from_label = staff_label(event.from_status) if event.from_status else ""
        event.to_label = staff_label(event.to_status) if event.to_status else ""
    return events


def staff_label(status):
    return STAFF_STATUS_LABELS.get(status, Status(status).label)


def _case_context(request, case, forms):
    definition = case.definition
    # An employer's dossier goes back to its HR service for corrections, not to the member for documents.
    correctable = definition is not None and definition.correctable
    allowed = workflow.allowed_transitions(case) if permissions.can_decide(request.user) else []
    items = checklist.checklist(case)
    review_forms = forms.get("review_forms", {})
    return {
        "case": case,
        "member": case.member,
        "summary": procedures.summary(definition, _masked_answers(case.answers)) if definition else [],
        "items": [
            (item, [(document, review_forms.get(document.pk) or _review_form(document)) for document in item.documents])
            for item in items
        ],
        "open_requests": [
            item.request for item in items if item.request is not None and item.request.status == RequestStatus.OPEN
        ],
        "events": _with_staff_labels(case.events.select_related("author", "assignee")),
        "can_decide": permissions.can_decide(request.user),
        "allowed": allowed,
        "may_start_review": Status.UNDER_REVIEW in allowed and case.status != Status.UNDER_REVIEW,
        "may_decide": Status.ACCEPTED in allowed or Status.REFUSED in allowed,
        "may_request": not case.is_final and not correctable,
        "may_ask_correction": correctable and case.status in (Status.SUBMITTED, Status.UNDER_REVIEW),
        "correction_form": forms.get("correction_form") or AskCorrectionForm(),
        "panel": admin_panels.for_case(case),
        "may_match": case.member_id is None and definition is not None and definition.identify is not None,
        "pending": DocumentReview.PENDING,
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": case.assigned_to_id}),
        "note_form": forms.get("note_form") or NoteForm(),
        "request_form": forms.get("request_form") or RequestDocumentsForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "review_form": forms.get("start_review_form") or StartReviewForm(),
        "match_form": forms.get("match_form") or MatchForm(),
        "now": timezone.now(),
    }


def _show(request, case, status=200, **forms):
    """Render one request: every showing (a re-shown form with errors too) is one audited view."""
    services.opened_by_agent(case, actor=request.user, context=AuditContext.from_request(request))
    return render(request, "casework/admin/case.html", _case_context(request, case, forms), status=status)


def _refused(request, case, form_name, form):
    messages.error(request, _("Nothing was changed: please correct the form."))
    return _show(request, case, status=400, **{form_name: form})


def _act(request, case, form_name, form, action, success, *, field=None):
    """The same for every action on one request: a valid form is handed to the service
    (``action(cleaned_data, context)``), whose refusal becomes the form's error (400, nothing
    changed); done, back to the request with ``success``."""
    if form.is_valid():
        try:
            action(form.cleaned_data, AuditContext.from_request(request))
        except REFUSED as refusal:
            form.add_error(field, str(refusal))
        else:
            return _done(request, case, success)
    return _refused(request, case, form_name, form)


def _done(request, case, message):
    messages.success(request, message)
    return redirect("casework_case", pk=case.pk)


@staff_permission_required(permissions.VIEW)
def case_detail(request, pk):
    return _show(request, selectors.case_for_agent(pk))


@require_POST
@staff_permission_required(permissions.DECIDE)
def assign(request, pk):
    case = selectors.case_for_agent(pk)
    data = request.POST.copy()
    if "take" in data:
        data["assignee"] = str(request.user.pk)
    return _act(
        request,
        case,
        "assign_form",
        AssignForm(data),
        lambda data, context: services.assign(case, data["assignee"], actor=request.user, context=context),
        _("Assignment saved."),
        field="assignee",
    )


@require_POST
@staff_permission_required(permissions.DECIDE)
def note(request, pk):
    case = selectors.case_for_agent(pk)
    return _act(
        request,
        case,
        "note_form",
        NoteForm(request.POST),
        lambda data, context: services.add_note(case, data["body"], actor=request.user, context=context),
        _("Internal note added."),
        field="body",
    )


@require_POST
@staff_permission_required(permissions.DECIDE)
def start_review(request, pk):
    case = selectors.case_for_agent(pk)
    return _act(
        request,
        case,
        "start_review_form",
        StartReviewForm(request.POST),
        lambda data, context: services.start_review(case, actor=request.user, context=context),
        _("The request is now under review."),
    )


@require_POST
@staff_permission_required(permissions.DECIDE)
def request_documents(request, pk):
    case = selectors.case_for_agent(pk)
    return _act(
        request,
        case,
        "request_form",
        RequestDocumentsForm(request.POST),
        lambda data, context: services.request_documents(
            case, [(data["kind"], data["message"])], actor=request.user, due_on=data["due_on"], context=context
        ),
        _("The document was asked for; the applicant is told."),
    )


@require_POST
@staff_permission_required(permissions.DECIDE)
def ask_correction(request, pk):
    """Send an employer's retirement dossier back to its HR service with what to correct."""
    case = selectors.case_for_agent(pk)
    return _act(
        request,
        case,
        "correction_form",
        AskCorrectionForm(request.POST),
        lambda data, context: services.ask_for_correction(case, data["message"], actor=request.user, context=context),
        _("The dossier was sent back to the employer's HR service for a correction."),
        field="message",
    )


@require_POST
@staff_permission_required(permissions.DECIDE)
def review_document(request, pk, document_id):
    case = selectors.case_for_agent(pk)
    document = selectors.case_document(case, document_id)
    form = _review_form(document, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_document(
                document,
                accepted=data["decision"] == ReviewDocumentForm.ACCEPT,
                note=data["note"],
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except REFUSED as refusal:
            form.add_error(None, str(refusal))
        else:
            return _done(request, case, _("Document checked."))
    # Each document has its own form on the page: the refused one is shown again in its place.
    return _refused(request, case, "review_forms", {document.pk: form})


@require_POST
@staff_permission_required(permissions.DECIDE)
def decide(request, pk):
    case = selectors.case_for_agent(pk)
    return _act(
        request,
        case,
        "decision_form",
        DecisionForm(request.POST),
        lambda data, context: services.decide(
            case,
            accepted=data["decision"] == DecisionForm.ACCEPT,
            reason=data["reason"],
            actor=request.user,
            context=context,
        ),
        _("Decision recorded; the applicant is told."),
    )


@require_POST
@staff_permission_required(permissions.DECIDE)
def match(request, pk):
    case = selectors.case_for_agent(pk)
    form = MatchForm(request.POST)
    if form.is_valid():
        if case.member_id is not None:
            form.add_error(None, _("This request is already linked to a member file."))
        else:
            services.match_member(case, form.member, actor=request.user, context=AuditContext.from_request(request))
            return _done(request, case, _("The request is linked to the member file."))
    return _refused(request, case, "match_form", form)


@staff_permission_required(permissions.VIEW)
def download(request, pk, document_id):
    case = selectors.case_for_agent(pk)
    document = selectors.case_document(case, document_id)
    services.document_opened_by_agent(document, actor=request.user, context=AuditContext.from_request(request))
    return downloads.serve(document)


@staff_permission_required(permissions.VIEW)
def awaited(request):
    """Documents asked of members and not received by their deadline."""
    today = timezone.localdate()
    page = Paginator(selectors.overdue_document_requests(today), selectors.QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/admin/awaited.html", {"page": page, "today": today, "query": ""})


@require_http_methods(["GET", "POST"])
@staff_permission_required(permissions.DECIDE)
def ask(request):
    """Ask a member for a document outside any request of theirs (a "documents requested by the fund")."""
    form = AskMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.ask_member_for_document(
                form.member,
                data["kind"],
                actor=request.user,
                message=data["message"],
                due_on=data["due_on"],
                context=AuditContext.from_request(request),
            )
        except REFUSED as refusal:
            form.add_error(None, str(refusal))
        else:
            return _done(
                request, case, _("Request %(reference)s opened; the member is told.") % {"reference": case.reference}
            )
    status = 400 if form.errors else 200
    if form.errors:
        messages.error(request, _("Nothing was changed: please correct the form."))
    return render(request, "casework/admin/ask.html", {"form": form}, status=status)
