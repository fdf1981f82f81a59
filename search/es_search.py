"""The Elasticsearch engine: the query, facets, suggestions and autocomplete (highlights: search.highlight).

One of the two engines behind search.engines (same functions and signatures as search.db_search).
The query arrives analysed (request.analysed, search.query): nothing here analyses it again.
"""

import dataclasses
import hashlib
import json

from django.core.cache import cache

from cms import visibility
from search import analysis, highlight, index_terms, indexes, ranking
from search import client as search_client
from search.indexes import PAGES
from search.results import ELASTICSEARCH, FACETS, Hit, SearchRequest, SearchResults, facet_values

FACET_FIELDS = {"kind": "kind", "category": "category", "audience": "audiences"}
TERMS_FIELDS = [f"{name}_terms^{weight:g}" for name, weight in ranking.FIELD_WEIGHTS.items()]
# The body is read for its highlighted fragments (search.highlight).
SOURCE = ["page_id", "title", "url", "kind", "language", "summary", "body", "category_label", "date"]


def _terms_clause(terms, boost=None, minimum_should_match=ranking.MINIMUM_SHOULD_MATCH):
    clause = {
        "query": " ".join(terms),
        "fields": TERMS_FIELDS,
        "type": "cross_fields",
        "analyzer": "whitespace",
        "minimum_should_match": minimum_should_match,
    }
    if boost is not None:
        clause["boost"] = boost
    return {"multi_match": clause}


def _major(query):
    """The terms and folded words that carry the meaning: all but question fillers (all of them if only fillers)."""
    pairs = [
        (term, word) for term, word in zip(query.terms, query.words, strict=False) if term not in query.minor_terms
    ]
    pairs = pairs or list(zip(query.terms, query.words, strict=False))
    return [term for term, _word in pairs], [word for _term, word in pairs]


def _reading(terms, boost=None):
    """One reading of the query (as typed, or rewritten by a synonym or a transliteration)."""
    if len(set(terms)) < 2:
        return _terms_clause(terms, boost)
    # A page holding every word beats one holding only the most common word in its title.
    reading = {"should": [_terms_clause(terms), _terms_clause(terms, ranking.ALL_WORDS_BOOST, "100%")]}
    if boost is not None:
        reading["boost"] = boost
    return {"bool": reading}


def _folded_words(words, misspelt):
    """The words as typed, accents aside, in the best field; with typo tolerance for the `misspelt` ones.

    A word the pages hold (its term is in search.index_terms) is matched as it is: tolerating typos in it
    cost the node half its time on 10,000 pages (every page near "pension" scored again) and only found
    its neighbours, which the stemmed clause already finds. Built as Elasticsearch builds a best_fields
    multi_match (a dis_max over the fields, the words in each), with the typo tolerance per word.
    """
    fuzzy = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": ranking.MAX_TYPO_EXPANSIONS}
    fields = []
    for name, weight in ranking.FOLDED_FIELD_WEIGHTS.items():
        clauses = [
            {"match": {f"{name}_folded": {"query": word, **(fuzzy if typo else {})}}}
            for word, typo in zip(words, misspelt, strict=True)
        ]
        fields.append(
            {"bool": {"should": clauses, "minimum_should_match": ranking.MINIMUM_SHOULD_MATCH, "boost": weight}}
        )
    return {"dis_max": {"queries": fields, "boost": ranking.TYPO_CLAUSE_BOOST}}


def _matching(query):
    terms, words = _major(query)
    readings = [_reading(terms)] if terms else []
    readings += [_reading(alternative, ranking.SYNONYM_FACTOR) for alternative in query.alternatives]
    # A page is scored by the reading it answers best, as in the database fallback: summed, the readings
    # that share a common word ("pension", "معاش") would lift every page holding it once per reading.
    should = [{"dis_max": {"queries": readings}}] if readings else []
    if words:
        known = index_terms.counts()
        should.append(_folded_words(words, [term not in known for term in terms]))
        phrase = {"query": " ".join(words), "slop": ranking.TITLE_PHRASE_SLOP, "boost": ranking.TITLE_PHRASE_BOOST}
        should.append({"match_phrase": {"title_folded": phrase}})
    matching = {"bool": {"should": should, "minimum_should_match": 1}}
    minor = [term for term in query.terms if term in query.minor_terms and term not in terms]
    if minor:
        # Fillers only add a little score to pages that match the words that matter; they never match alone.
        optional = _terms_clause(minor, ranking.MINOR_TERM_WEIGHT, "0")
        matching = {"bool": {"must": [matching], "should": [optional]}}
    return matching


def _ranked(query, language):
    functions = [{"filter": {"term": {"kind": k}}, "weight": w} for k, w in ranking.KIND_WEIGHTS.items()]
    functions.append({"filter": {"term": {"language": language}}, "weight": ranking.LANGUAGE_WEIGHT})
    return {
        "function_score": {
            "query": query,
            "functions": functions,
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }


def _filter_clause(name, value):
    return {"term": {FACET_FIELDS[name]: value}}


def _aggregations(filters):
    """Each facet counts with the *other* facets' filters applied, so a chosen value never hides its siblings."""
    aggs = {}
    for name in FACETS:
        others = [_filter_clause(other, value) for other, value in filters.items() if other != name]
        aggs[name] = {
            "filter": {"bool": {"filter": others}},
            "aggs": {"values": {"terms": {"field": FACET_FIELDS[name], "size": 30}}},
        }
    return aggs


def _suggesters(query):
    if not query.words:
        return {}
    # "missing": only words the index does not know get a correction.
    options = {"suggest_mode": "missing", "min_word_length": 4, "prefix_length": 1, "size": 1}
    return {"text": " ".join(query.words), "words": {"term": {"field": "all_folded", **options}}}


def _known_terms_aggregation(query):
    """Which analysed words of the query the index knows (over all documents, not just the hits)."""
    if not query.stems:
        return {}
    filters = {stem: {"term": {"all_terms": stem}} for stem in query.stems}
    return {"known": {"global": {}, "aggs": {"terms": {"filters": {"filters": filters}}}}}


def corrections(response, query):
    """{position: folded word} for each word the index does not know, from its closest frequent word.

    A word whose stem the index knows ("المعاشات" -> "معاش") is left alone even if its
    exact spelling is not in the text.
    """
    suggest = response.get("suggest") or {}
    known_buckets = response.get("aggregations", {}).get("known", {}).get("terms", {}).get("buckets", {})
    known = {stem for stem, bucket in known_buckets.items() if bucket["doc_count"]}
    found = {}
    for position, entry in enumerate(suggest.get("words", [])):
        options = entry.get("options") or []
        if position < len(query.words) and options and query.terms[position] not in known:
            found[position] = options[0]["text"]
    return found


# How long the verdict on one misspelling is kept (search.es_search.did_you_mean).
DID_YOU_MEAN_SECONDS = 300


def did_you_mean(client, request, response, fixed):
    """The query with its misspelt words corrected and accented as the pages write them, or "".

    Offered only when the corrected query finds better results: a correction that finds
    nothing, or less than the words as typed, would only lead the visitor astray.

    Finding out takes a second search, the slowest part of a search that has a correction; and people
    make the same typos. The verdict is kept DID_YOU_MEAN_SECONDS for the same words, filters and best
    score of the typed query: a change to the pages changes the scores, hence the key.
    """
    if not fixed:
        return ""
    verdict = json.dumps(
        [
            request.language,
            request.analysed.text,
            sorted(request.filters.items()),
            sorted(fixed.items()),
            response["hits"].get("max_score"),
        ],
        ensure_ascii=False,
    )
    key = f"search:did-you-mean:{hashlib.sha256(verdict.encode()).hexdigest()}"
    suggestion = cache.get(key)
    if suggestion is None:
        suggestion = _verified_correction(client, request, response, fixed)
        cache.set(key, suggestion, DID_YOU_MEAN_SECONDS)
    return suggestion


def _verified_correction(client, request, response, fixed):
    query = request.analysed
    words = tuple(fixed.get(position, word) for position, word in enumerate(query.words))
    terms = tuple(analysis.analyze_token(word) or term for word, term in zip(words, query.terms, strict=False))
    # The typed query with its words replaced, not analysed again (the request's analysis is the only one).
    corrected = dataclasses.replace(query, text=" ".join(words), terms=terms, words=words, alternatives=())
    smaller = SearchRequest(query=corrected.text, language=request.language, page_size=3)
    body = search_body(smaller, query=corrected)
    body.update(aggs={}, _source=["title", "summary", "body"], track_total_hits=False)
    body.pop("suggest", None)
    found = client.search(index=indexes.alias(PAGES), **body)["hits"]
    best, typed_best = found.get("max_score") or 0.0, response["hits"].get("max_score") or 0.0
    if not found["hits"] or best <= typed_best:
        return ""
    written = _written_forms(found["hits"], {fixed[p] for p in fixed})
    return " ".join(written.get(word, word) if p in fixed else word for p, word in enumerate(words))


def _written_forms(hits, words):
    """{folded word: the word as the pages write it (accents, hamza), lower case} for words found in hits."""
    forms = {}
    for hit in hits:
        for name in ("title", "summary", "body"):
            for match in highlight.WORDS.finditer(hit["_source"].get(name) or ""):
                folded, _term = highlight.VOCABULARY.forms(match.group())
                if folded in words:
                    forms.setdefault(folded, match.group().lower())
            if len(forms) == len(words):
                return forms
    return forms


def _hit(hit, matcher):
    source = hit["_source"]
    summary = source.get("summary", "")
    snippet = " … ".join(matcher.fragments(source.get("body", ""))) or matcher.mark(summary)
    return Hit(
        page_id=source["page_id"],
        title=matcher.mark(source["title"]),
        url=source["url"],
        kind=source["kind"],
        language=source["language"],
        snippet=snippet,
        plain_title=source["title"],
        summary=summary,
        category_label=source.get("category_label", ""),
        date=source.get("date"),
        score=hit.get("_score") or 0.0,
    )


def _client():
    client = search_client.get_client()
    if client is None:
        raise indexes.SearchUnavailable("Elasticsearch is not configured")
    return client


def search_body(request, exclude_ids=(), query=None):
    """The request body of a search (also what `make bench` replays against the node).

    query: the request's analysed query (request.analysed) unless given ("did you mean"'s corrected one).
    """
    query = query or request.analysed
    filters = {name: value for name, value in request.filters.items() if value}
    matching = _ranked(_matching(query), request.language)
    if exclude_ids:
        matching = {"bool": {"must": [matching], "must_not": [{"ids": {"values": [str(i) for i in exclude_ids]}}]}}
    body = {
        "query": matching,
        "post_filter": {"bool": {"filter": [_filter_clause(n, v) for n, v in filters.items()]}},
        "aggs": {**_aggregations(filters), **_known_terms_aggregation(query)},
        "from": request.offset,
        "size": request.page_size,
        "_source": SOURCE,
        "track_total_hits": True,
    }
    suggest = _suggesters(query)
    if suggest:
        body["suggest"] = suggest
    return body


def search(request, *, promoted_ids=()):
    """The page of results for the request; promoted pages first, outside the ranking."""
    client = _client()
    filters = {name: value for name, value in request.filters.items() if value}
    response = client.search(index=indexes.alias(PAGES), **search_body(request, promoted_ids))
    counts = {
        name: {b["key"]: b["doc_count"] for b in response["aggregations"][name]["values"]["buckets"]} for name in FACETS
    }
    fixed = corrections(response, request.analysed)
    matcher = highlight.Matcher.for_query(request.analysed, fixed.values())
    hits = [_hit(hit, matcher) for hit in response["hits"]["hits"]]
    promoted = _pages_by_id(client, promoted_ids, matcher)
    # The index can lag behind the database (a page past its expiry before `publish_scheduled`
    # runs, an update still waiting for a retry): the visibility rule has the last word.
    public = visibility.public_ids(hit.page_id for hit in [*hits, *promoted])
    shown = [hit for hit in hits if hit.page_id in public]
    results = SearchResults(
        request=request,
        backend=ELASTICSEARCH,
        total=response["hits"]["total"]["value"] - (len(hits) - len(shown)),
        hits=shown,
        facets=facet_values(request.language, counts, filters),
        promoted=[hit for hit in promoted if hit.page_id in public],
    )
    results.did_you_mean = did_you_mean(client, request, response, fixed)
    return results


def _pages_by_id(client, page_ids, matcher):
    """Promoted pages, with highlights, in the given order (those not in the index are skipped)."""
    if not page_ids:
        return []
    response = client.search(
        index=indexes.alias(PAGES),
        query={"ids": {"values": [str(i) for i in page_ids]}},
        _source=SOURCE,
        size=len(page_ids),
    )
    hits = {hit["_source"]["page_id"]: _hit(hit, matcher) for hit in response["hits"]["hits"]}
    return [hits[i] for i in page_ids if i in hits]


def autocomplete(prefix, language, *, size=8):
    """Titles in the language that start (at any significant word) with what was typed."""
    folded = analysis.folded_text(prefix)
    if not folded:
        return []
    completion = {
        "field": "title_suggest",
        "size": size,
        "skip_duplicates": True,
        "contexts": {"language": [language]},
    }
    if len(folded) >= 4:
        completion["fuzzy"] = {"fuzziness": 1, "prefix_length": 2}
    response = _client().search(
        index=indexes.alias(PAGES),
        suggest={"titles": {"prefix": folded, "completion": completion}},
        _source=["page_id", "title", "url", "kind"],
    )
    options = [o["_source"] for o in response["suggest"]["titles"][0]["options"]]
    public = visibility.public_ids(o["page_id"] for o in options)
    return [{"title": o["title"], "url": o["url"], "kind": o["kind"]} for o in options if o["page_id"] in public]
