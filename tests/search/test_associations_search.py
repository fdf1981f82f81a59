"""The directory of pensioners' associations is found by an association's name, town or region, in French
and in Arabic, by Elasticsearch and by the database fallback alike."""

import pytest
from django.conf import settings as django_settings

from cms.models import Association, AssociationDirectoryPage
from search import service, sync
from search.indexes import PAGES
from search.results import SearchRequest
from tests.cms.builders import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site_builder):
    """The directory in French and its Arabic translation, next to a procedure that mentions neither."""
    site_builder.page("procedure", "Demander une attestation de pension", "L'attestation en ligne")
    page = AssociationDirectoryPage(title="Associations de retraités", slug="associations", intro="Aide bénévole.")
    page.associations = [
        Association(
            name="Association Tifawin des retraités du Souss",
            region="souss-massa",
            city="Agadir",
            languages=["amazigh", "ar"],
            phone="+212 5 28 21 22 23",
        ),
        Association(name="Amicale des retraités de Casablanca", region="casablanca-settat", email="a@arc.example.org"),
    ]
    site_builder.homes["fr"].add_child(instance=page)
    publish(page)
    arabic = page.copy_for_translation(site_builder.locales["ar"])
    arabic.title = "جمعيات المتقاعدين"
    arabic.associations = [
        Association(name="جمعية تيفاوين لمتقاعدي سوس", region="souss-massa", city="أكادير", phone="+212 5 28 21 22 23")
    ]
    publish(arabic)
    return {"fr": page, "ar": arabic}


QUERIES = [
    ("Tifawin", "fr"),  # an association's name
    ("retraites souss", "fr"),  # its region, without accents
    ("association Agadir", "fr"),  # its town
    ("تيفاوين", "ar"),
    ("جمعية متقاعدي سوس", "ar"),  # the region's Arabic name
]


def found(query, language, backend):
    results = service.run(SearchRequest(query=query, language=language))
    assert results.backend == backend
    return [hit.page_id for hit in results.hits]


@pytest.mark.parametrize(("query", "language"), QUERIES)
def test_elasticsearch_finds_the_directory(es_client, directory, query, language):
    sync.rebuild(PAGES)
    assert found(query, language, "elasticsearch")[:1] == [directory[language].pk]


@pytest.mark.parametrize(("query", "language"), QUERIES)
def test_the_database_fallback_finds_the_directory(settings, directory, query, language):
    settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": ""}
    sync.rebuild(PAGES)  # without Elasticsearch: the database copy only
    assert found(query, language, "database")[:1] == [directory[language].pk]
