"""Bring the index (and the database fallback's copy) in line with the database.

Every function re-reads the current state of the database when it runs, so a
task that runs late (a retry after an outage) writes the newest state, never
the state at the time it was enqueued.
"""

import time
from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError
from wagtail.models import Page

from search import claim_documents, indexes, page_documents
from search import client as search_client
from search.indexes import CLAIMS, PAGES, SearchUnavailable
from search.models import IndexedPage, IndexedQuestion

# Answers that mean "try again later" rather than "this document is wrong".
RETRYABLE_STATUS = {408, 429, 500, 502, 503, 504}

FALLBACK_FIELDS = (
    "language",
    "kind",
    "category",
    "category_label",
    "audiences",
    "audience_labels",
    "title",
    "summary",
    "url",
    "date",
    "title_terms",
    "summary_terms",
    "body_terms",
    "checksum",
)


class _elasticsearch_errors:
    """Turn transport failures into SearchUnavailable (retried); let real bugs surface as they are."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None:
            return False
        if isinstance(exc, TransportError) or (isinstance(exc, ApiError) and exc.status_code in RETRYABLE_STATUS):
            raise SearchUnavailable(str(exc)) from exc
        return False


QUESTION_FIELDS = (*FALLBACK_FIELDS, "position")
FALLBACK_BATCH = 500


def _is_question(doc_id):
    return isinstance(doc_id, str) and "#" in doc_id


def _write_fallback(batch):
    """Upsert [(id, document)] into the fallback copies (pages, questions) in one statement each."""
    pages = [
        IndexedPage(page_id=doc_id, **{name: document[name] for name in FALLBACK_FIELDS})
        for doc_id, document in batch
        if not _is_question(doc_id)
    ]
    questions = [
        IndexedQuestion(
            page_id=document["page_id"], anchor=document["anchor"], **{n: document[n] for n in QUESTION_FIELDS}
        )
        for doc_id, document in batch
        if _is_question(doc_id)
    ]
    if pages:
        IndexedPage.objects.bulk_create(
            pages, update_conflicts=True, unique_fields=["page"], update_fields=list(FALLBACK_FIELDS)
        )
    if questions:
        IndexedQuestion.objects.bulk_create(
            questions, update_conflicts=True, unique_fields=["page", "anchor"], update_fields=list(QUESTION_FIELDS)
        )


def store_fallback(page_id, document, questions=()):
    """The page's row and its questions' rows as they are now (a question removed or renamed goes)."""
    if document is None:
        IndexedPage.objects.filter(page_id=page_id).delete()
    else:
        _write_fallback([(page_id, document), *questions])
    anchors = [question["anchor"] for _id, question in questions]
    IndexedQuestion.objects.filter(page_id=page_id).exclude(anchor__in=anchors).delete()


def _write(base, doc_id, document):
    client = search_client.get_client()
    if client is None:
        return
    with _elasticsearch_errors():
        indexes.ensure_index(client, base)
        if document is None:
            client.options(ignore_status=404).delete(index=indexes.alias(base), id=str(doc_id))
        else:
            client.index(index=indexes.alias(base), id=str(doc_id), document=document)


def _write_questions(page_id, questions, previous):
    """Replace the page's question documents with `questions`; the others go.

    previous: ids the fallback copy held. The index is asked too (it may hold ids the copy lost), but
    a search sees only what it refreshed, so a question written a moment ago is known from the copy.
    """
    client = search_client.get_client()
    if client is None:
        return
    with _elasticsearch_errors():
        indexes.ensure_index(client, PAGES)
        stale = (set(indexes.question_ids(client, page_id)) | previous) - {doc_id for doc_id, _document in questions}
        changes = [*questions, *((doc_id, None) for doc_id in sorted(stale))]
        if changes:
            indexes.bulk_write(client, indexes.alias(PAGES), changes)


def sync_page(page_id):
    """Index the page (and a FAQ page's questions) as it is now, or remove it if it is gone, unpublished or
    restricted."""
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    document = page_documents.page_document(page)
    questions = page_documents.question_documents(page.specific, document) if document else []
    anchors = IndexedQuestion.objects.filter(page_id=page_id).values_list("anchor", flat=True)
    previous = {page_documents.question_id(page_id, anchor) for anchor in anchors}
    store_fallback(page_id, document, questions)
    _write(PAGES, page_id, document)
    _write_questions(page_id, questions, previous)
    return "indexed" if document else "removed"


def sync_page_tree(page_id):
    """A move or a view restriction changes the page and everything under it."""
    page = Page.objects.filter(pk=page_id).first()
    ids = (
        [page_id]
        if page is None
        else list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    )
    for pk in ids:
        sync_page(pk)
    return len(ids)


def sync_claim(claim_id):
    document = claim_documents.claim_document(claim_documents.get_claim(claim_id))
    _write(CLAIMS, claim_id, document)
    return "indexed" if document else "removed"


def expected_documents(base):
    """(id, document) for everything the database says should be in the index."""
    if base == PAGES:
        yield from page_documents.searchable_documents()
    else:
        for claim in claim_documents.all_claims():
            yield claim.pk, claim_documents.claim_document(claim)


def _refresh_fallback(documents):
    """Bring the fallback copies in line with the page and question documents, and drop the rest.

    Rows whose checksum already matches are left alone; the others are upserted in batches
    (one statement per FALLBACK_BATCH documents instead of two per document).
    """
    stored = dict(IndexedPage.objects.values_list("page_id", "checksum"))
    for page_id, anchor, checksum in IndexedQuestion.objects.values_list("page_id", "anchor", "checksum"):
        stored[page_documents.question_id(page_id, anchor)] = checksum
    batch = []
    for doc_id, document in documents:
        if stored.pop(doc_id, None) != document["checksum"]:
            batch.append((doc_id, document))
            if len(batch) >= FALLBACK_BATCH:
                _write_fallback(batch)
                batch = []
        yield doc_id, document
    if batch:
        _write_fallback(batch)
    IndexedPage.objects.filter(page_id__in=[i for i in stored if not _is_question(i)]).delete()
    for doc_id in filter(_is_question, stored):
        page_id, anchor = doc_id.split("#", 1)
        IndexedQuestion.objects.filter(page_id=int(page_id), anchor=anchor).delete()


@dataclass
class Report:
    base: str
    indexed: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    notes: list = field(default_factory=list)

    def __str__(self):
        text = (
            f"{self.base}: {self.indexed} indexed, {self.removed} removed, {self.unchanged} unchanged "
            f"in {self.seconds:.2f}s"
        )
        return "; ".join([text, *self.notes])


def rebuild(base):
    """Fill a new index with bulk requests, swap the alias atomically, then catch up on concurrent edits."""
    started = time.perf_counter()
    report = Report(base)
    documents = expected_documents(base)
    if base == PAGES:
        documents = _refresh_fallback(documents)
    client = search_client.get_client()
    if client is None:
        report.indexed = sum(1 for _ in documents)
        report.notes.append("Elasticsearch not configured: database fallback only")
    else:
        with _elasticsearch_errors():
            new_index = indexes.create_index(client, base)
            report.indexed = indexes.bulk_write(client, new_index, documents)
            client.indices.refresh(index=new_index)
            indexes.swap_alias(client, base, new_index)
        # Edits made while the new index was filling went to the old one: apply them now.
        catch_up = reconcile(base)
        report.indexed += catch_up.indexed
        report.removed += catch_up.removed
    report.seconds = time.perf_counter() - started
    return report


def reconcile(base, *, rewrite_all=False):
    """Compare the index with the database by checksum and repair only what differs.

    With rewrite_all (``search_index update``), every document is written again.
    """
    started = time.perf_counter()
    report = Report(base)
    client = indexes.require_client()
    with _elasticsearch_errors():
        indexes.ensure_index(client, base)
        indexed = indexes.indexed_checksums(client, base)
        documents = expected_documents(base)
        if base == PAGES:
            documents = _refresh_fallback(documents)
        changes = []
        for doc_id, document in documents:
            if not rewrite_all and indexed.pop(str(doc_id), None) == document["checksum"]:
                report.unchanged += 1
                continue
            indexed.pop(str(doc_id), None)
            changes.append((doc_id, document))
        report.indexed = len(changes)
        report.removed = len(indexed)
        changes += [(doc_id, None) for doc_id in indexed]
        if changes:
            indexes.bulk_write(client, indexes.alias(base), changes)
        indexes.refresh(client, base)
    report.seconds = time.perf_counter() - started
    return report
