"""The database fallback: the same analysed terms, matched in PostgreSQL/SQLite and ranked in Python.

Slower and plainer than Elasticsearch (no highlighting inside the body), but it
answers with the same ranking rules (field weights, procedures first, the
visitor's language first) and the same facets, so the page looks the same.
"""

import difflib
from collections import Counter
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.html import escape

from search import analysis, synonyms
from search.models import IndexedPage
from search.results import DATABASE, FACETS, KIND_WEIGHTS, LANGUAGE_WEIGHT, Hit, SearchResults, facet_values

FIELD_WEIGHTS = {"title_terms": 6.0, "summary_terms": 3.0, "body_terms": 1.0}
FIELDS = ["page_id", "language", "kind", "category", "audiences", "title", "summary", "url", "date", "category_label"]


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
            factor = 1.0 if rank == 0 else 0.7
            best = max(best, factor * sum(w * min(fields[f][variant], 3) for f, w in FIELD_WEIGHTS.items()))
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
        category_label=row["category_label"],
        date=row["date"].isoformat() if row["date"] else None,
        score=score,
    )


def search(request, exclude_ids=()):
    filters = {name: value for name, value in request.filters.items() if value}
    terms = list(dict.fromkeys(analysis.analyze(request.query)))
    results = SearchResults(request=request, backend=DATABASE)
    if not terms:
        results.facets = facet_values(request.language, {}, filters)
        return results
    expanded = _with_typos(terms)
    groups = [expanded[term] for term in terms]
    alternatives = [list(dict.fromkeys(alt)) for alt in synonyms.expand(terms)]
    wanted = {variant for group in groups for variant in group} | {t for alt in alternatives for t in alt}
    condition = reduce(
        or_, (Q(**{f"{field}__contains": term}) for term in wanted for field in FIELD_WEIGHTS), Q(pk__in=[])
    )
    rows = list(IndexedPage.objects.filter(condition).exclude(page_id__in=exclude_ids).values(*FIELDS, *FIELD_WEIGHTS))
    scored = []
    # As in Elasticsearch ("60%", rounded down, at least one): 1 of 2, 1 of 3, 3 of 5...
    needed = max(1, len(groups) * 6 // 10)
    for row in rows:
        fields = set().union(*(row[f].split() for f in FIELD_WEIGHTS))
        matched = sum(1 for group in groups if fields.intersection(group))
        score = _score(row, groups) if matched >= needed else 0.0
        for alternative in alternatives:
            score = max(score, 0.8 * _score(row, [[t] for t in alternative]))
        if score <= 0:
            continue
        score *= KIND_WEIGHTS.get(row["kind"], 1.0)
        score *= LANGUAGE_WEIGHT if row["language"] == request.language else 1.0
        scored.append((score, row))
    scored.sort(key=lambda item: (-item[0], item[1]["title"]))
    results.facets = facet_values(request.language, _facet_counts([row for _, row in scored], filters), filters)
    visible = [(score, row) for score, row in scored if _matches(row, filters)]
    results.total = len(visible)
    page = visible[request.offset : request.offset + request.page_size]
    results.hits = [_hit(row, score) for score, row in page]
    return results


def pages_by_id(page_ids):
    rows = {row["page_id"]: row for row in IndexedPage.objects.filter(page_id__in=page_ids).values(*FIELDS)}
    return [_hit(rows[i], 0.0) for i in page_ids if i in rows]


def autocomplete(prefix, language, size=8):
    """Titles whose folded words start with what was typed (a small, indexed-enough table)."""
    folded = analysis.folded_text(prefix)
    if not folded:
        return []
    rows = IndexedPage.objects.filter(language=language).values("title", "url", "kind")
    found = []
    for row in rows:
        words = analysis.folded_text(row["title"]).split()
        if any(" ".join(words[i:]).startswith(folded) for i in range(len(words))):
            found.append({"title": row["title"], "url": row["url"], "kind": row["kind"]})
    return sorted(found, key=lambda r: r["title"])[:size]
