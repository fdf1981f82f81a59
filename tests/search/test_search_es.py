"""Searching the real node: typos, missing accents, Arabic forms, ranking, facets, highlights, autocomplete."""

import pytest

from search import service, sync
from search.indexes import PAGES
from search.models import PromotedResult, QueryLog, Synonym
from search.results import SearchRequest


@pytest.fixture
def content(es_client, site_builder):
    b = site_builder
    retirees = b.audience("retraites", "Retraités")
    active = b.audience("actifs", "Actifs")
    certificates = b.category("attestations", "Attestations")
    payments = b.category("paiements", "Paiements")
    pages = {
        "attestation": b.page(
            "procedure",
            "Demander une attestation de pension",
            "Obtenez l'attestation de pension en ligne pour vos démarches.",
            "Connectez-vous à l'espace adhérent puis téléchargez l'attestation.",
            slug="attestation-pension",
            category=certificates,
            audiences=[retirees],
        ),
        "attestation-news": b.page(
            "news",
            "Nouvelle attestation de pension en ligne",
            "L'attestation de pension est désormais disponible en ligne.",
            "Depuis janvier, chaque retraité peut télécharger son attestation.",
            slug="news-attestation",
            category=certificates,
            audiences=[retirees],
        ),
        "reclamation": b.page(
            "procedure",
            "Déposer une réclamation",
            "Comment déposer une réclamation auprès de la caisse.",
            "Décrivez votre réclamation et joignez les pièces utiles.",
            slug="reclamation",
            audiences=[retirees, active],
        ),
        "reversion": b.page(
            "procedure",
            "Pension de réversion",
            "Le conjoint survivant et les orphelins peuvent percevoir une pension de réversion.",
            "Après le décès d'un affilié ou d'un retraité, déposez le dossier de réversion.",
            slug="reversion",
            category=payments,
            audiences=[retirees],
        ),
        "calendar": b.page(
            "news",
            "Calendrier de paiement des pensions 2026",
            "Les dates de virement des pensions pour l'année.",
            "Le virement intervient à la fin de chaque mois.",
            slug="calendrier",
            category=payments,
        ),
        "xss": b.page(
            "news",
            "Sécurité <script>alert('titre')</script> en ligne",
            "Méfiez-vous des messages frauduleux <img src=x onerror=alert(1)>.",
            "Ne communiquez jamais votre code <script>alert('corps')</script> secret.",
            slug="securite",
        ),
        "ar-attestation": b.page(
            "procedure",
            "طلب شهادة المعاش",
            "احصل على شهادة المعاش عبر الإنترنت.",
            "ادخل إلى فضاء المنخرط ثم حمّل الشهادة.",
            language="ar",
            slug="ar-attestation",
        ),
        "ar-retirement": b.page(
            "procedure",
            "طلب الإحالة على التقاعد",
            "الوثائق اللازمة لطلب التقاعد النسبي أو لحد السن.",
            "يودع المنخرط طلب التقاعد لدى الإدارة المشغلة.",
            language="ar",
            slug="ar-retraite",
        ),
        "ar-claim": b.page(
            "procedure",
            "تقديم شكاية",
            "كيفية تقديم شكاية إلى الصندوق.",
            "صف شكايتك وأرفق الوثائق المفيدة.",
            language="ar",
            slug="ar-shikaya",
        ),
        "ar-calendar": b.page(
            "news",
            "مواعيد صرف المعاشات لسنة 2026",
            "تواريخ تحويل المعاشات خلال السنة.",
            language="ar",
            slug="ar-calendrier",
        ),
    }
    sync.rebuild(PAGES)
    return pages


def search(query, language="fr", **filters):
    results = service.run(SearchRequest(query=query, language=language, filters=filters))
    assert results.backend == "elasticsearch"
    return results


def first(query, language="fr"):
    hits = search(query, language).hits
    return hits[0].page_id if hits else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("attestation pension", "attestation"),
        ("atestation de pention", "attestation"),  # two typos
        ("reclamation", "reclamation"),  # no accents
        ("reclamasion", "reclamation"),  # typo
        ("RÉCLAMATIONS", "reclamation"),
        ("pension de reversion", "reversion"),
        ("deces conjoint", "reversion"),
        ("calendrier paiment", "calendar"),
    ],
)
def test_french_queries_find_the_right_page(content, query, expected):
    assert first(query) == content[expected].pk


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("شهادة المعاش", "ar-attestation"),
        ("شهاده المعاشات", "ar-attestation"),  # taa marbuta as haa, plural with article
        ("التقاعد", "ar-retirement"),
        ("تقاعد", "ar-retirement"),
        ("الاحالة على التقاعد", "ar-retirement"),  # alef without hamza
        ("شكايه", "ar-claim"),
        ("شكايات", "ar-claim"),
        ("شكاييه", "ar-claim"),  # typo
    ],
)
def test_arabic_queries_find_the_right_page(content, query, expected):
    assert first(query, "ar") == content[expected].pk


def test_procedure_ranks_above_news_for_the_same_match(content):
    ids = [hit.page_id for hit in search("attestation de pension en ligne").hits]
    assert ids.index(content["attestation"].pk) < ids.index(content["attestation-news"].pk)


def test_results_in_the_current_language_come_first(content):
    # A number matches pages in both languages: the visitor's language ranks first.
    assert [hit.language for hit in search("2026", "ar").hits] == ["ar", "fr"]
    assert [hit.language for hit in search("2026", "fr").hits] == ["fr", "ar"]


def test_facets_count_and_filter(content):
    results = search("pension")
    kinds = {f.value: f.count for f in results.facets["kind"]}
    assert kinds == {"procedure": 2, "news": 2}
    categories = {f.value: (f.label, f.count) for f in results.facets["category"]}
    assert categories["attestations"] == ("Attestations", 2)
    assert categories["paiements"] == ("Paiements", 2)
    audiences = {f.value: f.count for f in results.facets["audience"]}
    assert audiences["retraites"] == 3

    filtered = search("pension", kind="news")
    assert {hit.kind for hit in filtered.hits} == {"news"}
    assert filtered.total == 2
    # The chosen facet still shows its siblings with their counts, so the choice can be changed.
    assert {f.value: f.count for f in filtered.facets["kind"]} == {"procedure": 2, "news": 2}
    # Other facets count within the filter.
    assert {f.value: f.count for f in filtered.facets["category"]} == {"attestations": 1, "paiements": 1}
    both = search("pension", kind="procedure", category="paiements")
    assert [hit.page_id for hit in both.hits] == [content["reversion"].pk]


def test_pagination(content):
    request = SearchRequest(query="pension", language="fr", page_size=2, page=2)
    results = service.run(request)
    assert results.total == 4 and results.pages == 2
    assert len(results.hits) == 2


def test_highlights_mark_matches_and_escape_html(content, client):
    results = search("securite script")
    hit = next(h for h in results.hits if h.page_id == content["xss"].pk)
    assert "<script>" not in hit.title and "<script>" not in hit.snippet
    assert "&lt;" in hit.title
    assert "<mark>" in hit.title

    for url in ["/fr/search/?q=<script>alert(1)</script> securite", "/fr/search/?q=onerror messages frauduleux"]:
        html = client.get(url).content.decode()
        main = html[html.index("<main") :]
        assert "<script>alert" not in main and "<img" not in main
    api = client.get("/api/search/", {"q": "<script>alert(1)</script> sécurité"}).json()
    assert api["results"] and all("<script" not in str(hit["highlight"]) for hit in api["results"])


def test_highlight_matches_words_typed_without_accents(content):
    hit = search("reclamation").hits[0]
    assert "<mark>réclamation</mark>" in hit.title


def test_highlight_marks_corrected_typos_and_arabic_prefixes(content):
    hit = search("atestation de pention").hits[0]
    assert "<mark>attestation</mark>" in hit.title and "<mark>pension</mark>" in hit.title
    # "معاش" typed: the page writes "المعاش" (article), "المعاشات" (plural with article).
    hit = search("معاش", "ar").hits[0]
    assert "<mark>المعاش</mark>" in hit.title or "<mark>المعاشات</mark>" in hit.title
    calendar = next(h for h in search("معاش", "ar").hits if h.page_id == content["ar-calendar"].pk)
    assert "<mark>المعاشات</mark>" in calendar.title


def test_body_fragments_show_the_matching_words(content):
    hit = next(h for h in search("telecharger attestation").hits if h.page_id == content["attestation"].pk)
    assert "<mark>téléchargez</mark>" in hit.snippet and "<mark>attestation</mark>" in hit.snippet


def test_a_page_with_every_word_beats_the_common_word_in_a_title(content, site_builder):
    both = site_builder.page("news", "Nouvelles du réseau", "Un conjoint survivant touche une pension.")
    sync.rebuild(PAGES)
    ids = [hit.page_id for hit in search("pension survivant").hits]
    assert ids.index(both.pk) < ids.index(content["attestation"].pk)


def test_a_page_answering_one_reading_beats_the_common_word_repeated_by_every_reading(content, site_builder):
    # Six words for paying: the query has six readings, all holding "pension". Summed, a page with "pension" in
    # its title would count it six times; scored by its best reading, the page that answers one reading wins.
    Synonym.objects.create(terms="versement, virement, règlement, mandatement, transfert, paiement")
    title_only = site_builder.page("standard", "Pension et retraite", "La pension, la retraite et la pension.")
    answer = site_builder.page("standard", "Le 25 du mois", "Le virement de chaque pension arrive le 25.")
    sync.rebuild(PAGES)
    ids = [hit.page_id for hit in search("versement pension").hits]
    assert ids.index(answer.pk) < ids.index(title_only.pk)


def test_did_you_mean_comes_from_the_index_terms(content):
    assert search("calendriiier").did_you_mean == "calendrier"
    assert search("reclamasion").did_you_mean == "réclamation"
    assert search("pension").did_you_mean == ""
    # A stemmed form the index knows is not "corrected".
    assert search("المعاشات", "ar").did_you_mean == ""


def test_autocomplete_on_folded_titles(content, client):
    titles = [s["title"] for s in service.autocomplete("reclam", "fr")]
    assert titles == ["Déposer une réclamation"]
    titles = [s["title"] for s in service.autocomplete("attes", "fr")]
    assert "Demander une attestation de pension" in titles
    assert [s["title"] for s in service.autocomplete("شها", "ar")] == ["طلب شهادة المعاش"]
    # Only titles in the requested language.
    assert service.autocomplete("شها", "fr") == []
    response = client.get("/api/search/autocomplete/", {"q": "calend", "lang": "fr"})
    assert response.status_code == 200
    assert response.json()[0]["url"].endswith("/calendrier/")


def test_synonyms_apply_without_rebuild(content):
    # A word of no page and of no group of the seed lexicon (search/lexicon/seed.json).
    assert content["calendar"].pk not in [h.page_id for h in search("échéancier").hits]
    Synonym.objects.create(terms="échéancier, calendrier de paiement")
    assert first("échéancier") == content["calendar"].pk


def test_promoted_result_comes_first(content):
    PromotedResult.objects.create(query="Paiement", page=content["reclamation"])
    results = search("paiements")
    assert [hit.page_id for hit in results.promoted] == [content["reclamation"].pk]
    assert content["reclamation"].pk not in [hit.page_id for hit in results.hits]


def test_a_promotion_applies_to_the_next_search_and_a_repeated_search_asks_the_database_nothing(
    content, django_assert_num_queries
):
    assert search("paiements").promoted == []
    promotion = PromotedResult.objects.create(query="Paiement", page=content["reclamation"])
    assert [hit.page_id for hit in search("paiements").promoted] == [content["reclamation"].pk]
    # Visibility, promotions, synonyms, transliteration vocabulary and facet labels are all kept in the cache.
    with django_assert_num_queries(0):
        search("paiements")
    promotion.delete()
    assert search("paiements").promoted == []


def test_queries_are_logged_without_personal_data(content, client):
    client.get("/fr/search/", {"q": "attestation AB123456"})
    client.get("/fr/search/", {"q": "ali@example.ma"})  # nothing left to keep: not logged
    client.get("/fr/search/", {"q": "zzqxw"})
    client.get("/fr/search/", {"q": "zzqxw", "page": 2})  # only first pages count as searches
    logged = list(QueryLog.objects.values_list("query", "results", "language").order_by("pk"))
    assert logged[0][0] == "attestation" and logged[0][1] >= 1
    assert logged[1:] == [("zzqxw", 0, "fr")]


def test_empty_result_page_helps(content, client, settings):
    settings.FUND_PHONE = "+212 5 37 00 00 00"
    html = client.get("/fr/search/", {"q": "zzqxw"}).content.decode()
    assert "+212 5 37 00 00 00" in html
    assert 'href="tel:+212537000000"' in html


def test_api_titles_are_plain_text_with_highlights_apart(content, client):
    body = client.get("/api/search/", {"q": "reclamation", "lang": "fr"}).json()
    hit = next(h for h in body["results"] if h["page_id"] == content["reclamation"].pk)
    assert hit["title"] == "Déposer une réclamation"
    assert hit["summary"] == "Comment déposer une réclamation auprès de la caisse."
    assert "<mark>réclamation</mark>" in hit["highlight"]["title"]
    assert "<mark>" in hit["highlight"]["snippet"]
    xss = next(
        h
        for h in client.get("/api/search/", {"q": "securite script"}).json()["results"]
        if h["page_id"] == content["xss"].pk
    )
    assert xss["title"] == "Sécurité <script>alert('titre')</script> en ligne"  # text: the client must not parse it
    assert "&lt;" in xss["highlight"]["title"] and "<script" not in xss["highlight"]["title"]
