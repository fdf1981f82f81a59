"""The seams of search: engines chosen by name behind one signature, the query analysed once per
request, ranking weights in one module, and a relevance tool that owns its data."""

import ast
import inspect
from pathlib import Path

import pytest

from search import analysis, db_search, engines, es_search, query, ranking, relevance, sync
from search.indexes import PAGES
from search.models import PromotedResult, Synonym
from search.results import DATABASE, ELASTICSEARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_builder):
    pages = {
        "attestation": site_builder.page("procedure", "Demander une attestation de pension", "En ligne"),
        "news": site_builder.page("news", "Nouvelle attestation de pension", "L'attestation en ligne"),
    }
    Synonym.objects.create(terms="retraite, pension")
    PromotedResult.objects.create(query="attestation pension", page=pages["news"])
    return pages


@pytest.fixture
def counted(monkeypatch):
    """Wrap the query analysis and the tokenizer under it; count every call made during a request."""
    calls = {"analyse": 0, "tokens": []}
    real_analyse, real_tokens = query.analyse, analysis.tokens

    def analyse(text):
        calls["analyse"] += 1
        return real_analyse(text)

    def tokens(text):
        calls["tokens"].append(text)
        return real_tokens(text)

    monkeypatch.setattr(query, "analyse", analyse)
    monkeypatch.setattr(analysis, "tokens", tokens)
    return calls


@pytest.mark.parametrize("engine", [ELASTICSEARCH, DATABASE])
def test_the_query_is_analysed_once_per_search_request(engine, pages, counted, client, settings, request):
    if engine == ELASTICSEARCH:
        request.getfixturevalue("es_client")
    else:
        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    sync.rebuild(PAGES)
    client.get("/fr/search/", {"q": "attestation retraite"})  # warms the synonyms' cache
    counted["analyse"], counted["tokens"] = 0, []

    body = client.get("/api/search/", {"q": "atestation retraite", "lang": "fr"}).json()
    assert body["backend"] == engine
    assert [hit["page_id"] for hit in body["promoted"]] == []  # another query: nothing promoted
    assert counted["analyse"] == 1
    assert counted["tokens"] == ["atestation retraite"]

    counted["analyse"], counted["tokens"] = 0, []
    body = client.get("/api/search/", {"q": "attestation pension", "lang": "fr"}).json()
    assert [hit["page_id"] for hit in body["promoted"]] == [pages["news"].pk]
    assert counted["analyse"] == 1 and counted["tokens"] == ["attestation pension"]


def test_engines_share_one_signature_and_are_chosen_by_name():
    assert engines.get_engine(ELASTICSEARCH) is es_search
    assert engines.get_engine(DATABASE) is db_search
    for operation in ("search", "autocomplete"):
        assert inspect.signature(getattr(es_search, operation)) == inspect.signature(getattr(db_search, operation))
    with pytest.raises(ValueError, match="unknown search engine"):
        engines.get_engine("solr")


def test_a_failing_engine_is_paused_and_the_database_answers(pages, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    sync.rebuild(PAGES)
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    assert engines.is_available(ELASTICSEARCH)
    suggestions = engines.call("autocomplete", "attes", "fr")
    assert [s["title"] for s in suggestions][:1] == ["Demander une attestation de pension"]
    assert not engines.is_available(ELASTICSEARCH)  # the next visitors do not wait for a timeout
    engines.reset()
    assert engines.is_available(ELASTICSEARCH)


def test_both_engines_read_their_weights_from_the_ranking_module():
    weights = ranking.FIELD_WEIGHTS
    assert [f"{name}_terms^{weight:g}" for name, weight in weights.items()] == es_search.TERMS_FIELDS
    assert {f"{name}_terms": weight for name, weight in weights.items()} == db_search.FIELD_WEIGHTS
    for module in (es_search, db_search):
        source = inspect.getsource(module)
        assert "KIND_WEIGHTS = " not in source and "LANGUAGE_WEIGHT = " not in source


def test_the_relevance_tool_owns_its_data_and_imports_no_test_code():
    assert sorted(path.name for path in relevance.SET_DIRECTORY.glob("*.json")) == ["ar.json", "fr.json"]
    assert Path(relevance.__file__).parent == relevance.SET_DIRECTORY.parent
    imported = set()
    for node in ast.walk(ast.parse(inspect.getsource(relevance))):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if name.startswith(("tests", "django.test"))}
