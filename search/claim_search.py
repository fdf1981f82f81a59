"""Claim search: staff (reference, name, affiliation number, text) and a member's own claims.

The member's filter is part of the Elasticsearch query (a ``filter`` clause on
member_id), so no other member's claim can ever be returned, counted or
highlighted; the database fallback filters on the member in SQL the same way.
"""

import logging
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Q

from portal.claims.choices import STAFF_STATUS_LABELS, Status
from portal.claims.models import Claim, ClaimMessage
from search import analysis, indexes
from search.engines import ENGINE_ERRORS, elasticsearch_client, failed
from search.indexes import CLAIMS
from search.results import DATABASE, ELASTICSEARCH

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
SOURCE = ["claim_id", "reference", "member_name", "affiliation_number", "subject", "status", "updated_at"]


@dataclass
class ClaimHit:
    claim_id: int
    reference: str
    subject: str
    status: str
    member_name: str = ""
    affiliation_number: str = ""

    @property
    def status_label(self):
        return Status(self.status).label if self.status in Status.values else self.status

    @property
    def staff_status_label(self):
        return STAFF_STATUS_LABELS.get(self.status, self.status_label)


@dataclass
class ClaimResults:
    query: str
    backend: str
    total: int = 0
    hits: list = field(default_factory=list)

    @property
    def degraded(self):
        return self.backend != ELASTICSEARCH


def _text_query(query, fields):
    terms = analysis.terms_text(query)
    words = " ".join(analysis.folded_text(w) for w in analysis.tokens(query) if analysis.analyze_token(w))
    should = []
    if terms:
        should.append(
            {
                "multi_match": {
                    "query": terms,
                    "fields": [f"{name}_terms^{boost}" for name, boost in fields],
                    "analyzer": "whitespace",
                    "type": "cross_fields",
                    "minimum_should_match": "60%",
                }
            }
        )
    if words:
        should.append(
            {
                "multi_match": {
                    "query": words,
                    "fields": [f"{name}_folded^{boost}" for name, boost in fields],
                    "fuzziness": "AUTO",
                    "prefix_length": 1,
                    "minimum_should_match": "60%",
                    "boost": 0.6,
                }
            }
        )
    return should


def _es_search(client, query, filters, fields, extra_should=()):
    body_query = {
        "bool": {
            "filter": filters,
            "should": [*extra_should, *_text_query(query, fields)],
            "minimum_should_match": 1,
        }
    }
    response = client.search(
        index=indexes.alias(CLAIMS),
        query=body_query,
        _source=SOURCE,
        size=PAGE_SIZE,
        sort=["_score", {"updated_at": {"order": "desc", "missing": "_last"}}],
        track_total_hits=True,
    )
    hits = [
        ClaimHit(
            claim_id=hit["_source"]["claim_id"],
            reference=hit["_source"]["reference"],
            subject=hit["_source"]["subject"],
            status=hit["_source"]["status"],
            member_name=hit["_source"].get("member_name", ""),
            affiliation_number=hit["_source"].get("affiliation_number", ""),
        )
        for hit in response["hits"]["hits"]
    ]
    return response["hits"]["total"]["value"], hits


def _every_word(text, fields, messages=None):
    """Each significant word must appear in one of the fields, or in one of ``messages`` (a
    ClaimMessage queryset) of the claim (database fallback, no typo tolerance)."""
    words = [word for word in analysis.tokens(text) if analysis.analyze_token(word)]
    if not words:
        return Q(pk__in=[])

    def anywhere(word):
        found = reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
        if messages is not None:
            found |= Q(pk__in=messages.filter(body__icontains=word).values("claim_id"))
        return found

    return reduce(and_, (anywhere(word) for word in words))


def _db_hits(queryset):
    return [
        ClaimHit(
            claim_id=claim.pk,
            reference=claim.reference,
            subject=claim.subject,
            status=claim.status,
            member_name=claim.member.full_name,
            affiliation_number=claim.member.affiliation_number,
        )
        for claim in queryset[:PAGE_SIZE]
    ]


def _run(query, es_call, db_queryset):
    query = (query or "").strip()[:200]
    results = ClaimResults(query=query, backend=ELASTICSEARCH)
    if not query:
        return results
    client = elasticsearch_client()
    if client is not None:
        try:
            results.total, results.hits = es_call(client, query)
            return results
        except ENGINE_ERRORS:
            failed()
    results.backend = DATABASE
    queryset = db_queryset(query).select_related("member").order_by("-updated_at", "-pk").distinct()
    results.total = queryset.count()
    results.hits = _db_hits(queryset)
    return results


def staff_search(query):
    """For agents holding claims.view_claim (checked by the view)."""

    def es_call(client, text):
        exact = text.strip()
        extra = [
            {"term": {"reference": {"value": exact.lower(), "boost": 20}}},
            {"term": {"affiliation_number": {"value": exact, "boost": 20}}},
            {"term": {"pension_number": {"value": exact, "boost": 20}}},
            {
                "match": {
                    "member_name_folded": {"query": analysis.folded_text(text), "fuzziness": "AUTO", "operator": "and"}
                }
            },
        ]
        fields = [("subject", 3), ("text", 1), ("internal", 1)]
        return _es_search(client, text, [], fields, extra)

    def db_queryset(text):
        exact = Q(reference__iexact=text) | Q(member__affiliation_number=text) | Q(member__pension_number=text)
        fields = (
            "subject",
            "description",
            "messages__body",
            "member__first_name",
            "member__last_name",
            "member__first_name_ar",
            "member__last_name_ar",
        )
        return Claim.objects.filter(exact | _every_word(text, fields))

    return _run(query, es_call, db_queryset)


def member_search(member, query):
    """Only this member's claims, and only what the member can see (no internal notes)."""

    def es_call(client, text):
        filters = [{"term": {"member_id": member.pk}}]
        extra = [{"term": {"reference": {"value": text.strip().lower(), "boost": 20}}}]
        return _es_search(client, text, filters, [("subject", 3), ("text", 1)], extra)

    def db_queryset(text):
        # Internal notes are not the member's to search: only messages they can read.
        readable = ClaimMessage.objects.visible_to_member().filter(claim__member=member)
        return Claim.objects.filter(member=member).filter(
            Q(reference__iexact=text) | _every_word(text, ("subject", "description"), readable)
        )

    return _run(query, es_call, db_queryset)
