"""The database engine: the same analysed terms, matched in PostgreSQL/SQLite and ranked in Python.

One of the two engines behind search.engines (same functions and signatures as search.es_search).
Slower and plainer than Elasticsearch (no highlighting inside the body), but it
answers with the same ranking rules (search.ranking: field weights, procedures
first, the visitor's language first) and the same facets, so the page looks the same.
"""

import difflib
from collections import Counter
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.html import escape

from cms import visibility
from search import analysis, ranking
from search.models import IndexedPage
from search.results import DATABASE, FACETS, Hit, SearchResults, facet_values

FIELD_WEIGHTS = {f"{name}_terms": weight for name, weight in ranking.FIELD_WEIGHTS.items()}
FIELDS = ["page_id", "language", "kind", "category", "audiences", "title", "summary", "url", "date", "category_label"]


def _public_rows():
    """The fallback's copy, restricted to what cms.visibility lets a visitor see now.

    The copy is written at publication; a page past its expiry (before `publish_scheduled`
    runs) or restricted since must still never be shown.
    """
    return IndexedPage.objects.filter(page__in=visibility.public_pages())


def _vocabulary():
    """Title and summary terms of every page: small, and where a misspelt word most likely belongs."""
    words = set()
    for title, summary in IndexedPage.objects.values_list("title_terms", "summary_terms"):
        words.update(title.split())
        words.update(summary.split())
    return words


def _with_typos(terms):
    """Each term, plus the close known terms when the term itself is unknown."""
    vocabulary = None
    expanded = {}
    for term in terms:
        if IndexedPage.objects.filter(Q(title_terms__contains=term) | Q(summary_terms__contains=term)).exists():
            expanded[term] = [term]
            continue
        vocabulary = _vocabulary() if vocabulary is None else vocabulary
        expanded[term] = [term, *difflib.get_close_matches(term, vocabulary, n=2, cutoff=0.75)]
    return expanded


def _score(row, groups):
    fields = {name: Counter(row[name].split()) for name in FIELD_WEIGHTS}
    score = 0.0
    for variants in groups:
        best = 0.0
        for rank, variant in enumerate(variants):
            # The word as typed counts fully; a typo correction a little less.
            factor = 1.0 if rank == 0 else ranking.TYPO_FACTOR
            frequency = ranking.MAX_TERM_FREQUENCY
            best = max(best, factor * sum(w * min(fields[f][variant], frequency) for f, w in FIELD_WEIGHTS.items()))
        score += best
    return score


def _matches(row, filters):
    for name, value in filters.items():
        if name == "audience" and value not in (row["audiences"] or []):
            return False
        if name in ("kind", "category") and row[name] != value:
            return False
    return True


def _facet_counts(rows, filters):
    counts = {name: Counter() for name in FACETS}
    for row in rows:
        for name in FACETS:
            others = {other: value for other, value in filters.items() if other != name}
            if not _matches(row, others):
                continue
            values = row["audiences"] or [] if name == "audience" else [row[name]]
            counts[name].update(values)
    return counts


def _hit(row, score):
    return Hit(
        page_id=row["page_id"],
        title=escape(row["title"]),
        url=row["url"],
        kind=row["kind"],
        language=row["language"],
        snippet=escape(row["summary"]),
        plain_title=row["title"],
        summary=row["summary"],
        category_label=row["category_label"],
        date=row["date"].isoformat() if row["date"] else None,
        score=score,
    )


def search(request, *, promoted_ids=()):
    """The page of results for the request; promoted pages first, outside the ranking."""
    query = request.analysed
    filters = {name: value for name, value in request.filters.items() if value}
    terms = query.unique_terms
    results = SearchResults(request=request, backend=DATABASE, promoted=_pages_by_id(promoted_ids))
    if not terms:
        results.facets = facet_values(request.language, {}, filters)
        return results
    expanded = _with_typos(terms)
    groups = [expanded[term] for term in terms]
    alternatives = [list(dict.fromkeys(alternative)) for alternative in query.alternatives]
    wanted = {variant for group in groups for variant in group} | {t for alt in alternatives for t in alt}
    condition = reduce(
        or_, (Q(**{f"{field}__contains": term}) for term in wanted for field in FIELD_WEIGHTS), Q(pk__in=[])
    )
    rows = _public_rows().filter(condition).exclude(page_id__in=promoted_ids).values(*FIELDS, *FIELD_WEIGHTS)
    scored = []
    needed = ranking.minimum_matching(len(groups))
    for row in rows:
        fields = set().union(*(row[f].split() for f in FIELD_WEIGHTS))
        matched = sum(1 for group in groups if fields.intersection(group))
        score = _score(row, groups) if matched >= needed else 0.0
        for alternative in alternatives:
            score = max(score, ranking.SYNONYM_FACTOR * _score(row, [[t] for t in alternative]))
        if score <= 0:
            continue
        score *= ranking.KIND_WEIGHTS.get(row["kind"], 1.0)
        score *= ranking.LANGUAGE_WEIGHT if row["language"] == request.language else 1.0
        scored.append((score, row))
    scored.sort(key=lambda item: (-item[0], item[1]["title"]))
    results.facets = facet_values(request.language, _facet_counts([row for _, row in scored], filters), filters)
    visible = [(score, row) for score, row in scored if _matches(row, filters)]
    results.total = len(visible)
    page = visible[request.offset : request.offset + request.page_size]
    results.hits = [_hit(row, score) for score, row in page]
    return results


def _pages_by_id(page_ids):
    if not page_ids:
        return []
    rows = {row["page_id"]: row for row in _public_rows().filter(page_id__in=page_ids).values(*FIELDS)}
    return [_hit(rows[i], 0.0) for i in page_ids if i in rows]


def autocomplete(prefix, language, *, size=8):
    """Titles whose folded words start with what was typed (a small, indexed-enough table)."""
    folded = analysis.folded_text(prefix)
    if not folded:
        return []
    rows = _public_rows().filter(language=language).values("title", "url", "kind")
    found = []
    for row in rows:
        words = analysis.folded_text(row["title"]).split()
        if any(" ".join(words[i:]).startswith(folded) for i in range(len(words))):
            found.append({"title": row["title"], "url": row["url"], "kind": row["kind"]})
    return sorted(found, key=lambda r: r["title"])[:size]
