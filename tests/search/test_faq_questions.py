"""Each question of a FAQ page is a search document of its own, linked to its anchor on the page."""

import pytest

from cms import faq
from cms.models import FaqPage
from search import client as search_client
from search import indexes, service
from search.models import IndexedQuestion
from search.results import SearchRequest
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = [
    ("Paiements", "Quand ma pension est-elle versée ?", "<p>Le 25 de chaque mois. Un jour ouvrable avant sinon.</p>"),
    ("Paiements", "Comment changer de banque ?", "<p>Envoyez votre nouveau RIB depuis votre espace adhérent.</p>"),
    ("Démarches", "Comment changer de banque ?", "<p>Au guichet, avec un RIB et votre CNIE.</p>"),
    ("الأداء", "متى يصرف معاشي؟", "<p>يوم 25 من كل شهر.</p>"),
]


@pytest.fixture
def faq_page(search_index, site_builder):
    themes = {}
    for theme, question, answer in QUESTIONS:
        themes.setdefault(theme, []).append({"question": question, "answer": answer})
    page = FaqPage(
        title="Questions fréquentes",
        slug="questions-frequentes",
        intro="Les réponses aux questions courantes.",
        themes=[("theme", {"theme": theme, "questions": items}) for theme, items in themes.items()],
    )
    site_builder.homes["fr"].add_child(instance=page)
    page.save_revision().publish()
    return page


def question_ids(page):
    client = search_client.get_client()
    indexes.refresh(client, indexes.PAGES)
    return set(indexes.question_ids(client, page.pk))


def search(query, language="fr"):
    refresh()
    results = service.run(SearchRequest(query=query, language=language))
    assert results.backend == "elasticsearch"
    return results


def test_anchors_are_unicode_slugs_unique_within_the_page(faq_page):
    anchors = [question.anchor for question in faq.questions(faq_page)]
    assert anchors == [
        "quand-ma-pension-est-elle-versée",
        "comment-changer-de-banque",
        "comment-changer-de-banque-2",
        "متى-يصرف-معاشي",
    ]
    assert [question.position for question in faq.questions(faq_page)] == [1, 2, 3, 4]


def test_each_question_is_a_document_and_a_fallback_row(faq_page):
    expected = {f"{faq_page.pk}#{question.anchor}" for question in faq.questions(faq_page)}
    assert question_ids(faq_page) == expected
    rows = IndexedQuestion.objects.filter(page=faq_page).order_by("position")
    assert [row.anchor for row in rows] == [question.anchor for question in faq.questions(faq_page)]
    first = rows[0]
    assert first.kind == "faq" and first.title == "Quand ma pension est-elle versée ?"
    assert first.summary == "Le 25 de chaque mois."
    assert first.url.endswith("/questions-frequentes/#quand-ma-pension-est-elle-versée")


def test_a_question_typed_word_for_word_ranks_first_with_its_anchor(faq_page, site_builder):
    site_builder.page("procedure", "Calendrier de paiement des pensions", "Les dates de versement de la pension.")
    hit = search("quand ma pension est-elle versée").hits[0]
    assert hit.page_id == faq_page.pk
    assert hit.url.endswith("#quand-ma-pension-est-elle-versée")
    assert "<mark>" in hit.title


def test_a_renamed_or_removed_question_leaves_the_index(faq_page):
    faq_page.themes = [
        (
            "theme",
            {"theme": "Paiements", "questions": [{"question": "Quel jour suis-je payé ?", "answer": "<p>Le 25.</p>"}]},
        )
    ]
    faq_page.save_revision().publish()
    assert question_ids(faq_page) == {f"{faq_page.pk}#quel-jour-suis-je-payé"}
    assert list(IndexedQuestion.objects.filter(page=faq_page).values_list("anchor", flat=True)) == [
        "quel-jour-suis-je-payé"
    ]


def test_an_unpublished_faq_takes_its_questions_along(faq_page):
    faq_page.unpublish()
    assert question_ids(faq_page) == set()
    assert not IndexedQuestion.objects.filter(page=faq_page).exists()
    assert all(hit.page_id != faq_page.pk for hit in search("changer de banque").hits)


def test_the_page_shows_each_question_under_its_anchor(faq_page, client):
    html = client.get(faq_page.url).content.decode()
    for question in faq.questions(faq_page):
        assert f'id="{question.anchor}"' in html
