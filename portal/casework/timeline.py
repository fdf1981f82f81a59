"""A request's history as its applicant reads it: one sentence per event, in the page's language.

Shared by the request page and the dossier page (a request linked to the dossier the core
system opened shows its history before the core system's own events).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.casework.choices import DocumentKind, EventKind, Status


def _document_label(event):
    return DocumentKind(event.document_kind).label if event.document_kind else _("a document")


def event_text(event):
    """What the applicant reads for one event of their request's history."""
    kind, message = event.kind, event.message
    if kind == EventKind.CREATED:
        return pgettext("request", "Started"), ""
    if kind == EventKind.SUBMITTED:
        return pgettext("request", "Submitted"), ""
    if kind == EventKind.DOCUMENT_REQUESTED:
        return _("The fund asked for: %(document)s") % {"document": _document_label(event)}, message
    if kind == EventKind.DOCUMENT_SENT:
        return _("You sent: %(document)s") % {"document": _document_label(event)}, ""
    if kind == EventKind.DOCUMENT_ACCEPTED:
        return _("Document accepted: %(document)s") % {"document": _document_label(event)}, ""
    if kind == EventKind.DOCUMENT_REJECTED:
        return _("Document not accepted: %(document)s") % {"document": _document_label(event)}, message
    # Only an employer's dossier is sent back for corrections (``Procedure.correctable``).
    if kind == EventKind.CORRECTION_ASKED:
        return _("The fund asked your administration for a correction"), message
    if kind == EventKind.CORRECTED:
        return _("Your administration sent the correction"), message
    if kind == EventKind.WITHDRAWN:
        return pgettext("request", "Withdrawn"), ""
    if event.to_status in (Status.ACCEPTED, Status.REFUSED):
        if event.to_status == Status.ACCEPTED:
            return _("Decision: accepted"), message
        return _("Decision: refused"), message
    if kind == EventKind.CORE:
        if event.to_status:
            return _("Update from the fund: %(status)s") % {"status": Status(event.to_status).label}, message
        return _("Update from the fund"), message
    if event.to_status:
        return Status(event.to_status).label, message
    return event.get_kind_display(), message


def _worth_showing(event):
    # "Waiting for your documents" right after "The fund asked for: …" says the same thing twice.
    return not (event.kind == EventKind.STATUS and event.to_status == Status.INFO_REQUESTED)


def timeline_entries(events):
    """[{"date", "title", "detail"}] for the timeline include (request page and dossier page)."""
    entries = []
    for event in filter(_worth_showing, events):
        title, detail = event_text(event)
        entries.append({"date": event.created_at, "title": title, "detail": detail, "kind": event.kind})
    return entries
