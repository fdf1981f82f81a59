"""The Elasticsearch engine: the query, facets, highlights, suggestions and autocomplete.

One of the two engines behind search.engines (same functions and signatures as search.db_search).
The query arrives analysed (request.analysed, search.query): nothing here analyses it again.
"""

from django.utils.html import escape

from cms import visibility
from search import analysis, indexes, ranking
from search import client as search_client
from search.indexes import PAGES
from search.results import ELASTICSEARCH, FACETS, Hit, SearchResults, facet_values

FACET_FIELDS = {"kind": "kind", "category": "category", "audience": "audiences"}
TERMS_FIELDS = [f"{name}_terms^{weight:g}" for name, weight in ranking.FIELD_WEIGHTS.items()]
FOLDED_FIELDS = [f"{name}_folded^{weight:g}" for name, weight in ranking.FOLDED_FIELD_WEIGHTS.items()]
RAW_FIELDS = ("title", "summary", "body")
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
SOURCE = ["page_id", "title", "url", "kind", "language", "summary", "category_label", "date"]


def _terms_clause(terms, boost=None):
    clause = {
        "query": " ".join(terms),
        "fields": TERMS_FIELDS,
        "type": "cross_fields",
        "analyzer": "whitespace",
        "minimum_should_match": ranking.MINIMUM_SHOULD_MATCH,
    }
    if boost is not None:
        clause["boost"] = boost
    return {"multi_match": clause}


def _matching(query):
    should = []
    if query.terms:
        should.append(_terms_clause(query.terms))
    if query.words:
        words = " ".join(query.words)
        should.append(
            {
                "multi_match": {
                    "query": words,
                    "fields": FOLDED_FIELDS,
                    "fuzziness": "AUTO",
                    "prefix_length": 1,
                    "minimum_should_match": ranking.MINIMUM_SHOULD_MATCH,
                    "boost": ranking.TYPO_CLAUSE_BOOST,
                }
            }
        )
        phrase = {"query": words, "slop": ranking.TITLE_PHRASE_SLOP, "boost": ranking.TITLE_PHRASE_BOOST}
        should.append({"match_phrase": {"title_folded": phrase}})
    should += [_terms_clause(alternative, ranking.SYNONYM_FACTOR) for alternative in query.alternatives]
    return {"bool": {"should": should, "minimum_should_match": 1}}


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


def _highlight_query(query, field):
    """Raw fields keep accents and Arabic prefixes: match them loosely (fuzzy words, stem prefixes)."""
    should = [{"fuzzy": {field: {"value": word, "fuzziness": "AUTO"}}} for word in query.words]
    should += [{"prefix": {field: term}} for term in query.terms if len(term) >= 3 and not term.isdigit()]
    return {"bool": {"should": should or [{"match_none": {}}]}}


def _highlight(query):
    fields = {
        "title": {"number_of_fragments": 0},
        "summary": {"number_of_fragments": 0},
        "body": {"fragment_size": 180, "number_of_fragments": 2},
    }
    for name, options in fields.items():
        options["highlight_query"] = _highlight_query(query, name)
    return {**HIGHLIGHT, "fields": fields}


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


def did_you_mean(response, query):
    """Rebuild the query with each unknown word replaced by the index's closest frequent word.

    A word whose stem the index knows ("المعاشات" -> "معاش") is left alone even if its
    exact spelling is not in the text.
    """
    suggest = response.get("suggest") or {}
    known_buckets = response.get("aggregations", {}).get("known", {}).get("terms", {}).get("buckets", {})
    known = {stem for stem, bucket in known_buckets.items() if bucket["doc_count"]}
    corrected = list(query.words)
    for position, entry in enumerate(suggest.get("words", [])):
        options = entry.get("options") or []
        if position < len(corrected) and options and query.terms[position] not in known:
            corrected[position] = options[0]["text"]
    return " ".join(corrected) if corrected != list(query.words) else ""


def _hit(hit):
    source, highlight = hit["_source"], hit.get("highlight", {})
    summary = source.get("summary", "")
    title = highlight.get("title", [escape(source["title"])])[0]
    snippet = " … ".join(highlight.get("body", [])) or highlight.get("summary", [escape(summary)])[0]
    return Hit(
        page_id=source["page_id"],
        title=title,
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


def search_body(request, exclude_ids=()):
    """The request body of a search (also what `make bench` replays against the node)."""
    query = request.analysed
    filters = {name: value for name, value in request.filters.items() if value}
    matching = _ranked(_matching(query), request.language)
    if exclude_ids:
        matching = {"bool": {"must": [matching], "must_not": [{"ids": {"values": [str(i) for i in exclude_ids]}}]}}
    body = {
        "query": matching,
        "post_filter": {"bool": {"filter": [_filter_clause(n, v) for n, v in filters.items()]}},
        "aggs": {**_aggregations(filters), **_known_terms_aggregation(query)},
        "highlight": _highlight(query),
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
    hits = [_hit(hit) for hit in response["hits"]["hits"]]
    promoted = _pages_by_id(client, promoted_ids, request.analysed)
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
    suggestion = did_you_mean(response, request.analysed)
    if suggestion and suggestion != " ".join(request.analysed.words):
        results.did_you_mean = suggestion
    return results


def _pages_by_id(client, page_ids, query):
    """Promoted pages, with highlights, in the given order (those not in the index are skipped)."""
    if not page_ids:
        return []
    response = client.search(
        index=indexes.alias(PAGES),
        query={"ids": {"values": [str(i) for i in page_ids]}},
        highlight=_highlight(query),
        _source=SOURCE,
        size=len(page_ids),
    )
    hits = {hit["_source"]["page_id"]: _hit(hit) for hit in response["hits"]["hits"]}
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
