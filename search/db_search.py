"""The database engine: the same analysed terms, matched in PostgreSQL/SQLite and ranked in Python.

One of the two engines behind search.engines (same functions and signatures as search.es_search).
Slower and plainer than Elasticsearch (no highlighting inside the body), but it
answers with the same ranking rules (search.ranking: field weights, procedures
first, the visitor's language first, question fillers weighed little) and the same facets, so the page looks
the same. It searches the pages' copy and the FAQ questions' copy (one document per question) alike.

Only the rows holding a query term are read. A term's rarity (its IDF) is counted on those rows,
which hold every row the term appears in: exact, with no statistics to keep current.
"""

import difflib
import gzip
import json
import math
from collections import Counter
from functools import lru_cache, reduce
from importlib import resources
from operator import or_

from django.db.models import Count, Max, Q
from django.utils.html import escape

from cms import visibility
from search import analysis, ranking
from search.models import IndexedPage, IndexedQuestion
from search.results import DATABASE, FACETS, Hit, SearchResults, facet_values

FIELD_WEIGHTS = {f"{name}_terms": weight for name, weight in ranking.FIELD_WEIGHTS.items()}
FIELDS = ["page_id", "language", "kind", "category", "audiences", "title", "summary", "url", "date", "category_label"]
# The copies searched alike: the pages, and the FAQ questions (same columns, their page's visibility).
COPIES = (IndexedPage, IndexedQuestion)
# A typed word this close to a title or summary word is taken for a misspelling of it (difflib's ratio).
TYPO_CUTOFF = 0.75
# A dictionary word rarer than this (pyspellchecker counts, per ~million words) may be a misspelling itself.
DICTIONARY_MIN_COUNT = 20


def _public_rows(model, public=None):
    """The fallback's copy, restricted to what cms.visibility lets a visitor see now.

    The copy is written at publication; a page past its expiry (before `publish_scheduled`
    runs) or restricted since must still never be shown, nor any of its questions. `public`:
    visibility.public_pages() when the caller already has it (building it reads the restrictions).
    """
    return model.objects.filter(page__in=visibility.public_pages() if public is None else public)


@lru_cache(maxsize=2)
def _dictionary(language):
    """Folded words of the language (pyspellchecker's frequency list), read once per process.

    A word of the language is never "corrected" into a neighbour from our titles: "argent" is not a
    misspelt "agent". Folded as the query's words are, in one pass over the words that need it: folding
    leaves a word in plain ASCII as it is (but for its case), and most French words are.
    """
    path = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        counts = json.load(file)
    words = "\n".join(word for word, count in counts.items() if count >= DICTIONARY_MIN_COUNT).casefold().split("\n")
    others = "\n".join(word for word in words if not word.isascii())
    folded = analysis.normalize_arabic(analysis.fold_accents(others)).split("\n")
    return frozenset(word for word in words if word.isascii()).union(folded)


def _is_real_word(word):
    language = analysis.detect_language(word)
    return word.isdigit() or word in _dictionary(language)


def _copy_state():
    """Each copy's row count and highest page id: the IDF's document count and the vocabulary's key."""
    return tuple(tuple(model.objects.aggregate(rows=Count("pk"), last=Max("page_id")).values()) for model in COPIES)


@lru_cache(maxsize=1)
def _vocabulary(state):
    """Title and summary terms of every copy: small, and where a misspelt word most likely belongs.

    Read again when a copy gains or loses a row (`state`, from _copy_state); an edited title's new
    word waits for that to be offered as a correction, which only costs a suggestion.
    """
    words = set()
    for model in COPIES:
        for title, summary in model.objects.values_list("title_terms", "summary_terms"):
            words.update(title.split())
            words.update(summary.split())
    return frozenset(words)


def _corrections(unknown, state):
    """The close title and summary terms of each term found nowhere in the copy and not a real word."""
    vocabulary = _vocabulary(state)
    return {term: difflib.get_close_matches(term, vocabulary, n=2, cutoff=TYPO_CUTOFF) for term in unknown}


def _candidates(terms, public, promoted_ids):
    """Visible rows of both copies holding one of the terms in a weighted field, their fields' term counts."""
    if not terms:
        return []
    condition = reduce(or_, (Q(**{f"{field}__contains": term}) for term in terms for field in FIELD_WEIGHTS))
    rows = []
    for model in COPIES:
        found = _public_rows(model, public).filter(condition)
        if model is IndexedPage:
            found = found.exclude(page_id__in=promoted_ids)
        rows += found.values(*FIELDS, *FIELD_WEIGHTS)
    for row in rows:
        row["fields"] = {name: Counter(row.pop(name).split()) for name in FIELD_WEIGHTS}
    return rows


def _weigh(rows, terms, total):
    """Each row's weighted count of each term (capped per field), and each term's rarity (BM25's IDF).

    The rows hold every visible document a term appears in, so its document frequency is counted
    exactly here: a word in every title ("pension") decides little, a rare one decides much.
    """
    for row in rows:
        row["counts"] = {
            term: sum(w * min(row["fields"][f][term], ranking.MAX_TERM_FREQUENCY) for f, w in FIELD_WEIGHTS.items())
            for term in terms
        }
    frequency = {term: sum(1 for row in rows if row["counts"][term]) for term in terms}
    return {term: math.log(1 + (total - frequency[term] + 0.5) / (frequency[term] + 0.5)) for term in terms}


def _score(row, groups, idf):
    """Sum over the query's words of their best variant's weighted count; and how many words matched."""
    score, matched = 0.0, 0
    for variants, weight in groups:
        # The word as typed counts fully; a typo correction a little less.
        best = max(
            (1.0 if rank == 0 else ranking.TYPO_FACTOR) * idf[variant] * row["counts"][variant]
            for rank, variant in enumerate(variants)
        )
        score += weight * best
        if best > 0 and weight == 1.0:
            matched += 1
    return score, matched


def _groups(terms, minor, corrections=None):
    """(variants, weight) per query term: a question filler weighs ranking.MINOR_TERM_WEIGHT."""
    corrections = corrections or {}
    return [([term, *corrections.get(term, [])], ranking.MINOR_TERM_WEIGHT if term in minor else 1.0) for term in terms]


def _rank(rows, request, corrections, total):
    query = request.analysed
    # A query made of fillers only ("comment faire") still needs its words to count.
    minor = query.minor_terms if set(query.unique_terms) - query.minor_terms else frozenset()
    readings = [(1.0, _groups(query.unique_terms, minor, corrections))]
    readings += [(ranking.SYNONYM_FACTOR, _groups(list(dict.fromkeys(alt)), minor)) for alt in query.alternatives]
    idf = _weigh(rows, {variant for _, groups in readings for variants, _ in groups for variant in variants}, total)
    scored = []
    for row in rows:
        score = 0.0
        for factor, groups in readings:
            needed = ranking.minimum_matching(sum(1 for _, weight in groups if weight == 1.0))
            value, matched = _score(row, groups, idf)
            if matched >= needed:
                score = max(score, factor * value)
        if score <= 0:
            continue
        kind = ranking.KIND_WEIGHTS.get(row["kind"], 1.0)
        score *= kind * (ranking.LANGUAGE_WEIGHT if row["language"] == request.language else 1.0)
        in_title = sum(1 for term in query.unique_terms if row["fields"]["title_terms"][term])
        # Equal scores: the kind people search for first, then the title holding more of the words.
        scored.append(((-round(score, 9), -kind, -in_title, row["title"]), row, score))
    scored.sort(key=lambda item: item[0])
    return [(score, row) for _, row, score in scored]


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
    results = SearchResults(request=request, backend=DATABASE, promoted=_pages_by_id(promoted_ids))
    if not query.terms:
        results.facets = facet_values(request.language, {}, filters)
        return results
    public = visibility.public_pages()
    alternatives = {term for alternative in query.alternatives for term in alternative}
    rows = _candidates([*query.unique_terms, *sorted(alternatives - set(query.unique_terms))], public, promoted_ids)
    known = {term for row in rows for field in row["fields"].values() for term in query.unique_terms if field[term]}
    words = dict(zip(query.terms, query.words, strict=False))
    unknown = [t for t in query.unique_terms if t not in known | query.minor_terms and not _is_real_word(words[t])]
    state = _copy_state()
    corrections = _corrections(unknown, state) if unknown else {}
    if any(corrections.values()):
        rows += _candidates(sorted({v for variants in corrections.values() for v in variants}), public, promoted_ids)
        rows = list({row["url"]: row for row in rows}.values())
    # The IDF's document count: the whole copy, hidden pages included (they are few).
    total = sum(rows for rows, _ in state)
    scored = _rank(rows, request, corrections, total)
    results.facets = facet_values(request.language, _facet_counts([row for _, row in scored], filters), filters)
    visible = [(score, row) for score, row in scored if _matches(row, filters)]
    results.total = len(visible)
    page = visible[request.offset : request.offset + request.page_size]
    results.hits = [_hit(row, score) for score, row in page]
    return results


def _pages_by_id(page_ids):
    if not page_ids:
        return []
    rows = {row["page_id"]: row for row in _public_rows(IndexedPage).filter(page_id__in=page_ids).values(*FIELDS)}
    return [_hit(rows[i], 0.0) for i in page_ids if i in rows]


def autocomplete(prefix, language, *, size=8):
    """Titles whose folded words start with what was typed (a small, indexed-enough table)."""
    folded = analysis.folded_text(prefix)
    if not folded:
        return []
    rows = _public_rows(IndexedPage).filter(language=language).values("title", "url", "kind")
    found = []
    for row in rows:
        words = analysis.folded_text(row["title"]).split()
        if any(" ".join(words[i:]).startswith(folded) for i in range(len(words))):
            found.append({"title": row["title"], "url": row["url"], "kind": row["kind"]})
    return sorted(found, key=lambda r: r["title"])[:size]
