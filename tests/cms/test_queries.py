"""A procedure page costs a bounded number of SQL queries, whatever its number of channels, forms and links."""

import pytest

from cms.models import ProcedureChannel, ProcedureForm, ProcedureRelation
from demo.media import ensure_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """These tests count what rendering a page costs; the page cache would answer instead."""
    settings.PAGE_CACHE_SECONDS = 0


# Measured: 25 queries for this fully furnished procedure page (routing 6, page parts 8, layout: navigation,
# switcher, alerts, breadcrumb); a little headroom for cache states. See the note of issue 3.
MAX_QUERIES = 28


def _furnished(tree):
    others = [tree.procedure(slug=f"liee-{i}", title=f"Démarche liée {i}") for i in range(5)]
    page = tree.procedure(slug="complete", title="Démarche complète")
    page.channels = [
        ProcedureChannel(kind=kind, details=f"Par {kind}") for kind in ("online", "counter", "mail", "phone")
    ]
    page.forms = [ProcedureForm(document=ensure_form(f"f{i}", f"Formulaire {i}", ["Nom"])) for i in range(4)]
    page.related_procedures = [ProcedureRelation(page=other) for other in others]
    page.audiences = [tree.audience(slug) for slug in ("actifs", "retraites", "ayants-cause")]
    page.save_revision().publish()
    return page


def test_procedure_page_query_count_is_bounded(client, tree, django_assert_max_num_queries):
    page = _furnished(tree)
    client.get(page.get_url())  # warm the per-process caches (site root paths, content types)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(page.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="channel ') == 4 and "Formulaire 3" in html and "Démarche liée 4" in html


def test_query_count_does_not_grow_with_related_content(client, tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = tree.procedure(slug="simple", title="Démarche simple")
    big = _furnished(tree)
    client.get(small.get_url())
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.get_url())
    with CaptureQueriesContext(connection) as big_queries:
        client.get(big.get_url())
    assert len(big_queries) <= len(small_queries) + 3  # one query per relation, never one per row
