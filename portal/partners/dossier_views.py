"""The retirement dossiers in the partners' space: the list, a dossier's page, its steps, its
documents (add, download, remove), signing and sending it, and sending back a correction.

A dossier is found through ``dossiers.dossier_in_scope(request.partner_scope, reference)``: another
organisation's (or another unit's) dossier is a 404 on every URL. The pages call
``portal.partners.dossiers`` only, with ``context=access.context_of(request)``; what the role does not
allow is refused by the gate (403) or by the service (a message); no action produces a 500.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.casework import checklist, procedures, workflow
from portal.casework import services as cases
from portal.casework.choices import WITH_THE_FUND, EventKind, Status
from portal.casework.forms import DocumentsForm
from portal.casework.timeline import timeline_entries
from portal.files import downloads
from portal.partners import dossiers
from portal.partners.access import context_of, officer_required
from portal.partners.choices import Role
from portal.partners.forms import CorrectionForm, DossierFilter, SubmitForm
from portal.partners.views import member_name, ready_to_sign, state_label

PAGE_SIZE = 50


def dossier_required(role=Role.READER):
    """The view receives the dossier in the officer's scope instead of its reference (else 404)."""

    def decorator(view):
        @officer_required(role=role)
        @wraps(view)
        def wrapper(request, reference, *args, **kwargs):
            try:
                dossier = dossiers.dossier_in_scope(request.partner_scope, reference)
            except dossiers.NotFound as missing:
                raise Http404 from missing
            return view(request, dossier, *args, **kwargs)

        return wrapper

    return decorator


def editable(case):
    """A draft, or a dossier the fund sent back: its answers and documents can change."""
    return case.status == Status.DRAFT or cases.is_being_corrected(case)


@never_cache
@officer_required
def dossier_list(request):
    scope = request.partner_scope
    form = DossierFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "partners/dossiers.html", {"form": form, "page": None}, status=400)
    state = form.cleaned_data.get("state") if form.is_bound else ""
    found = scope.dossiers().select_related("case", "member", "member__employer").order_by("due_on", "pk")
    if state == "with_fund":
        found = found.filter(case__status__in=WITH_THE_FUND)
    elif state == "ready":
        found = ready_to_sign(found.filter(case__status=Status.DRAFT))
    elif state:
        found = found.filter(case__status=state)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    for dossier in page:
        dossier.name = member_name(dossier.member, language)
        dossier.unit_name = dossier.member.employer.display_name(language) if dossier.member.employer_id else ""
        dossier.state_text = state_label(dossier.case.status)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "partners/dossiers.html", context)


def _correction_message(case):
    """What the fund asked to correct, from its latest request for a correction."""
    event = case.events.filter(kind=EventKind.CORRECTION_ASKED).order_by("-created_at", "-pk").first()
    return event.message if event is not None else ""


# The history in the HR service's words: "you" is the HR service here, not the civil servant.
HR_EVENT_TITLES = {
    EventKind.CORRECTION_ASKED: lambda: _("The fund asked you for a correction"),
    EventKind.CORRECTED: lambda: _("You sent the correction"),
    EventKind.SUBMITTED: lambda: _("Signed and sent to the fund"),
}


def history(case):
    events = case.events.visible_to_member().select_related("author")
    entries = timeline_entries(events)
    for entry in entries:
        title = HR_EVENT_TITLES.get(entry["kind"])
        if title is not None:
            entry["title"] = title()
    return entries


def _summary(case, may_edit):
    definition = case.definition
    sections = dict(procedures.summary(definition, case.answers))
    return [
        {
            "name": step.name,
            "title": step.title,
            "rows": sections.get(step.title),
            "url": reverse("partners:step", args=[case.reference, step.name]) if may_edit else "",
        }
        for step in definition.steps
    ]


def dossier_page(
    request, dossier, *, documents_form=None, submit_form=None, correction_form=None, error="", status=200
):
    case = dossier.case
    scope = request.partner_scope
    may_edit = editable(case) and scope.may_prepare
    items = checklist.checklist(case)
    context = {
        "dossier": dossier,
        "case": case,
        "name": member_name(dossier.member, get_language()),
        "state_text": state_label(case.status),
        "correction": _correction_message(case) if case.status == Status.INFO_REQUESTED else "",
        "summary": _summary(case, may_edit),
        "item_rows": [(item, None) for item in items],
        "has_documents": any(item.documents for item in items),
        "documents_form": documents_form or (DocumentsForm(items=items) if may_edit else None),
        "may_edit": may_edit,
        "problems": cases.problems(case) if editable(case) else [],
        "may_submit": scope.may_submit and case.status == Status.DRAFT,
        "submit_form": submit_form or SubmitForm(),
        "may_correct": scope.may_prepare and cases.is_being_corrected(case),
        "correction_form": correction_form or CorrectionForm(),
        "history": history(case),
        "error": error,
    }
    return render(request, "partners/dossier.html", context, status=status)


@never_cache
@dossier_required()
def dossier(request, dossier):
    return dossier_page(request, dossier)


def _refused_unless_editable(request, dossier):
    if not editable(dossier.case):
        messages.error(request, _("This dossier is with the fund: it can no longer be changed."))
        return redirect("partners:dossier", reference=dossier.case.reference)
    return None


@never_cache
@dossier_required(role=Role.PREPARER)
@require_http_methods(["GET", "POST"])
def step(request, dossier, step):
    case = dossier.case
    definition_step = case.definition.step(step)
    if definition_step is None:
        raise Http404
    refused = _refused_unless_editable(request, dossier)
    if refused:
        return refused
    form = definition_step.form(request.POST or None, initial=case.answers.get(step))
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossiers.save_step(
                scope=request.partner_scope,
                dossier=dossier,
                step=step,
                cleaned_data=form.cleaned_data,
                actor=request.user,
                context=context_of(request),
            )
        except dossiers.NotAllowed as problem:
            messages.error(request, str(problem))
            return redirect("partners:dossier", reference=case.reference)
        names = case.definition.step_names()
        index = names.index(step)
        if index + 1 < len(names) and "later" not in request.POST:
            return redirect("partners:step", reference=case.reference, step=names[index + 1])
        messages.success(request, _("The answers are saved."))
        return redirect(reverse("partners:dossier", args=[case.reference]) + "#documents-title")
    names = case.definition.step_names()
    context = {
        "dossier": dossier,
        "case": case,
        "step": definition_step,
        "form": form,
        "number": names.index(step) + 1,
        "total": len(names),
        "name": member_name(dossier.member, get_language()),
    }
    return render(request, "partners/step.html", context, status=400 if form.errors else 200)


@dossier_required(role=Role.PREPARER)
@require_POST
def documents(request, dossier):
    refused = _refused_unless_editable(request, dossier)
    if refused:
        return refused
    form = DocumentsForm(request.POST, request.FILES, items=checklist.checklist(dossier.case))
    if form.is_valid() and not form.uploads():
        form.add_error(None, _("Choose a file to send."))
    if form.is_valid():
        try:
            dossiers.add_documents(
                scope=request.partner_scope,
                dossier=dossier,
                uploads=form.uploads(),
                actor=request.user,
                context=context_of(request),
            )
        except dossiers.NotAllowed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The documents have been added."))
            return redirect(reverse("partners:dossier", args=[dossier.case.reference]) + "#documents-title")
    return dossier_page(request, dossier, documents_form=form, status=400)


@dossier_required()
@require_http_methods(["GET", "POST"])
def document(request, dossier, document_id):
    """GET: the file (audited: the civil servant reads that their HR service viewed their file);
    POST: take it off an editable dossier (preparers)."""
    found = dossier.case.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404
    if request.method != "POST":
        dossiers.viewed(
            scope=request.partner_scope, member=dossier.member, actor=request.user, context=context_of(request)
        )
        return downloads.serve(found)
    if not request.partner_scope.may_prepare:
        raise PermissionDenied
    refused = _refused_unless_editable(request, dossier)
    if refused:
        return refused
    try:
        dossiers.remove_document(scope=request.partner_scope, dossier=dossier, document=found, actor=request.user)
    except dossiers.NotAllowed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("The document “%(name)s” has been removed.") % {"name": found.original_name})
    return redirect(reverse("partners:dossier", args=[dossier.case.reference]) + "#documents-title")


@dossier_required(role=Role.SIGNATORY)
@require_POST
def submit(request, dossier):
    case = dossier.case
    if case.status != Status.DRAFT:
        if case.submitted_at is not None and case.status in WITH_THE_FUND:
            return redirect("partners:dossier", reference=case.reference)  # a double click: already sent
        messages.error(request, _("This dossier is with the fund: it can no longer be changed."))
        return redirect("partners:dossier", reference=case.reference)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return dossier_page(request, dossier, submit_form=form, status=400)
    try:
        dossiers.submit(scope=request.partner_scope, dossier=dossier, actor=request.user, context=context_of(request))
    except (dossiers.NotAllowed, workflow.TransitionRefused) as problem:
        return dossier_page(request, dossier, submit_form=form, error=str(problem), status=400)
    messages.success(request, _("The dossier has been signed and sent to the fund."))
    return redirect("partners:dossier", reference=case.reference)


@dossier_required(role=Role.PREPARER)
@require_POST
def correct(request, dossier):
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return dossier_page(request, dossier, correction_form=form, status=400)
    try:
        dossiers.send_correction(
            scope=request.partner_scope,
            dossier=dossier,
            actor=request.user,
            message=form.cleaned_data["message"],
            context=context_of(request),
        )
    except (dossiers.NotAllowed, workflow.TransitionRefused) as problem:
        return dossier_page(request, dossier, correction_form=form, error=str(problem), status=400)
    messages.success(request, _("The correction has been sent to the fund."))
    return redirect("partners:dossier", reference=dossier.case.reference)
