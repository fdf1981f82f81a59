"""The documents a request needs now: what the procedure asks given the answers, and what the
fund asked for since; each with what was sent for it. One function, read by the form, the
submission check, the API and the back-office."""

from dataclasses import dataclass, field

from portal.casework.choices import DocumentKind, DocumentReview, RequestStatus


@dataclass
class Item:
    kind: str
    request: object = None  # the DocumentRequest, for what the fund asked
    documents: list = field(default_factory=list)

    @property
    def label(self):
        return DocumentKind(self.kind).label

    @property
    def satisfied(self):
        if self.request is not None:
            return self.request.status in (RequestStatus.RECEIVED, RequestStatus.ACCEPTED)
        return any(document.review != DocumentReview.REJECTED for document in self.documents)

    @property
    def key(self):
        """What an upload names to say which line it answers: the kind, or "request-<id>"."""
        return f"request-{self.request.pk}" if self.request is not None else self.kind


def checklist(case):
    """[Item]: the procedure's documents first (in its order), then the fund's open requests."""
    documents = list(case.documents.all())
    definition = case.definition
    kinds = definition.documents(case.answers) if definition else []
    items = [
        Item(kind=kind, documents=[d for d in documents if d.kind == kind and d.request_id is None])
        for kind in dict.fromkeys(kinds)
    ]
    for request in case.document_requests.exclude(status=RequestStatus.CANCELLED):
        items.append(
            Item(kind=request.kind, request=request, documents=[d for d in documents if d.request_id == request.pk])
        )
    return items


def missing(case):
    return [item for item in checklist(case) if not item.satisfied]


def open_requests(case):
    return [item for item in checklist(case) if item.request is not None and item.request.status == RequestStatus.OPEN]
