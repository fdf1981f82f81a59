"""Public content search in Elasticsearch: the query, facets, highlights, suggestions and autocomplete."""

from django.utils.html import escape

from search import analysis, indexes, synonyms
from search.indexes import PAGES
from search.results import (
    ELASTICSEARCH,
    FACETS,
    KIND_WEIGHTS,
    LANGUAGE_WEIGHT,
    Hit,
    SearchResults,
    facet_values,
)

FACET_FIELDS = {"kind": "kind", "category": "category", "audience": "audiences"}
TERMS_FIELDS = ["title_terms^6", "summary_terms^3", "body_terms"]
FOLDED_FIELDS = ["title_folded^3", "summary_folded^1.5", "body_folded^0.5"]
RAW_FIELDS = ("title", "summary", "body")
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
SOURCE = ["page_id", "title", "url", "kind", "language", "summary", "category_label", "date"]


def significant_words(query):
    """Folded query words that are not stop words: what typo tolerance and highlighting work on."""
    return [analysis.folded_text(word) for word in analysis.tokens(query) if analysis.analyze_token(word)]


def _matching(query):
    terms = analysis.analyze(query)
    words = significant_words(query)
    should = []
    if terms:
        should.append(
            {
                "multi_match": {
                    "query": " ".join(terms),
                    "fields": TERMS_FIELDS,
                    "type": "cross_fields",
                    "analyzer": "whitespace",
                    "minimum_should_match": "60%",
                }
            }
        )
    if words:
        should.append(
            {
                "multi_match": {
                    "query": " ".join(words),
                    "fields": FOLDED_FIELDS,
                    "fuzziness": "AUTO",
                    "prefix_length": 1,
                    "minimum_should_match": "60%",
                    "boost": 0.6,
                }
            }
        )
        should.append({"match_phrase": {"title_folded": {"query": " ".join(words), "slop": 2, "boost": 4}}})
    for alternative in synonyms.expand(terms):
        should.append(
            {
                "multi_match": {
                    "query": " ".join(alternative),
                    "fields": TERMS_FIELDS,
                    "type": "cross_fields",
                    "analyzer": "whitespace",
                    "minimum_should_match": "60%",
                    "boost": 0.8,
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _ranked(query, language):
    functions = [{"filter": {"term": {"kind": kind}}, "weight": weight} for kind, weight in KIND_WEIGHTS.items()]
    functions.append({"filter": {"term": {"language": language}}, "weight": LANGUAGE_WEIGHT})
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
    should = [{"fuzzy": {field: {"value": word, "fuzziness": "AUTO"}}} for word in significant_words(query)]
    should += [{"prefix": {field: term}} for term in analysis.analyze(query) if len(term) >= 3 and not term.isdigit()]
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
    text = " ".join(significant_words(query))
    if not text:
        return {}
    # "missing": only words the index does not know get a correction.
    options = {"suggest_mode": "missing", "min_word_length": 4, "prefix_length": 1, "size": 1}
    return {"text": text, "words": {"term": {"field": "all_folded", **options}}}


def _known_terms_aggregation(query):
    """Which analysed words of the query the index knows (over all documents, not just the hits)."""
    stems = {analysis.analyze_token(word) for word in analysis.tokens(query)} - {""}
    if not stems:
        return {}
    filters = {stem: {"term": {"all_terms": stem}} for stem in stems}
    return {"known": {"global": {}, "aggs": {"terms": {"filters": {"filters": filters}}}}}


def did_you_mean(response, query):
    """Rebuild the query with each unknown word replaced by the index's closest frequent word.

    A word whose stem the index knows ("المعاشات" -> "معاش") is left alone even if its
    exact spelling is not in the text.
    """
    suggest = response.get("suggest") or {}
    known_buckets = response.get("aggregations", {}).get("known", {}).get("terms", {}).get("buckets", {})
    known = {stem for stem, bucket in known_buckets.items() if bucket["doc_count"]}
    words = significant_words(query)
    corrected = list(words)
    for position, entry in enumerate(suggest.get("words", [])):
        options = entry.get("options") or []
        if position < len(corrected) and options and analysis.analyze_token(words[position]) not in known:
            corrected[position] = options[0]["text"]
    return " ".join(corrected) if corrected != words else ""


def _hit(hit):
    source, highlight = hit["_source"], hit.get("highlight", {})
    title = highlight.get("title", [escape(source["title"])])[0]
    snippet = " … ".join(highlight.get("body", [])) or highlight.get("summary", [escape(source.get("summary", ""))])[0]
    return Hit(
        page_id=source["page_id"],
        title=title,
        url=source["url"],
        kind=source["kind"],
        language=source["language"],
        snippet=snippet,
        category_label=source.get("category_label", ""),
        date=source.get("date"),
        score=hit.get("_score") or 0.0,
    )


def search(client, request, exclude_ids=()):
    filters = {name: value for name, value in request.filters.items() if value}
    query = _ranked(_matching(request.query), request.language)
    if exclude_ids:
        query = {"bool": {"must": [query], "must_not": [{"ids": {"values": [str(i) for i in exclude_ids]}}]}}
    body = {
        "query": query,
        "post_filter": {"bool": {"filter": [_filter_clause(n, v) for n, v in filters.items()]}},
        "aggs": {**_aggregations(filters), **_known_terms_aggregation(request.query)},
        "highlight": _highlight(request.query),
        "from": request.offset,
        "size": request.page_size,
        "_source": SOURCE,
        "track_total_hits": True,
    }
    suggest = _suggesters(request.query)
    if suggest:
        body["suggest"] = suggest
    response = client.search(index=indexes.alias(PAGES), **body)
    counts = {
        name: {b["key"]: b["doc_count"] for b in response["aggregations"][name]["values"]["buckets"]} for name in FACETS
    }
    results = SearchResults(
        request=request,
        backend=ELASTICSEARCH,
        total=response["hits"]["total"]["value"],
        hits=[_hit(hit) for hit in response["hits"]["hits"]],
        facets=facet_values(request.language, counts, filters),
    )
    suggestion = did_you_mean(response, request.query)
    if suggestion and suggestion != " ".join(significant_words(request.query)):
        results.did_you_mean = suggestion
    return results


def pages_by_id(client, page_ids, query):
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


def autocomplete(client, prefix, language, size=8):
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
    response = client.search(
        index=indexes.alias(PAGES),
        suggest={"titles": {"prefix": folded, "completion": completion}},
        _source=["title", "url", "kind"],
    )
    options = response["suggest"]["titles"][0]["options"]
    return [{"title": o["_source"]["title"], "url": o["_source"]["url"], "kind": o["_source"]["kind"]} for o in options]
