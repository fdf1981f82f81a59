"""How many SQL queries a page costs, public and member pages alike, and that the count does not grow with the
size of the site: the contract behind the pages' throughput (issue 23; measured by tests/bench/pages_load.py).

Only queries to the database's own tables count. Reads of the database cache (``make run``, a local run of the
suite without REDIS_URL) are left out: in CI and production the caches are in Redis, where they are no SQL.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.builders import Tree, translate

# The proxy tests' mother and son (fixtures), imported: pytest finds them in this module's namespace.
from tests.portal.proxies.conftest import grant, mother, son, switched  # noqa: F401

pytestmark = pytest.mark.django_db

# A public procedure page, rendered (page cache missed): the page (1), Wagtail's view restrictions of the page and
# its ancestors (1, cms.models.SitePage.get_view_restrictions), the breadcrumbs' ancestors (1). What the procedure
# shows around it (channels, forms, related procedures, audiences, category), the layout (navigation, switcher,
# alerts, footer) and the routing cost nothing once kept (cms/fragments.py, cms/route_cache.py).
PUBLIC_PAGE_MAX = 3
# The member area: the account (1), the member (1), the shared layout: proxies (1), and unread notifications with
# life control (1, portal_menu), then the page's own data. The dashboard reads the most: career, payments (2),
# life checks (1), the claims awaiting an answer with the pending change requests (1), cases, dossiers, document
# requests.
MEMBER_PAGE_MAX = {"dashboard": 12, "payments": 5, "career": 7, "claims:list": 5}


def _cache_tables():
    return tuple(
        f'"{cache["LOCATION"]}"'
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    )


def _queries(client, url):
    """The response and the SQL it cost, the database cache's reads and writes left out."""
    client.get(url)  # the per-process and shared caches warm: what every later visitor gets
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    cache_tables = _cache_tables()
    return response, [q["sql"] for q in captured.captured_queries if not any(t in q["sql"] for t in cache_tables)]


def _member_max(name):
    # Sessions are read from Redis when there is one (cached_db); from their table otherwise: one query more.
    return MEMBER_PAGE_MAX[name] + (settings.SESSION_ENGINE == "django.contrib.sessions.backends.db")


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_public_procedure_page_costs_a_fixed_number_of_queries(client, language):
    tree = Tree()
    page = tree.procedure(slug="complete", title="Démarche complète")
    tree.faq()
    url = (page if language == "fr" else translate(page, title="إجراء كامل")).url
    _, small_site = _queries(client, url)
    assert len(small_site) <= PUBLIC_PAGE_MAX, "\n".join(q[:160] for q in small_site)
    # Ten times the pages: the same count (no query per page, per section or per language).
    for i in range(10):
        other = tree.procedure(slug=f"autre-{i}", title=f"Autre démarche {i}")
        translate(other, title=f"إجراء آخر {i}")
    _, big_site = _queries(client, url)
    assert len(big_site) == len(small_site), big_site


@pytest.mark.parametrize("name", sorted(MEMBER_PAGE_MAX))
def test_member_pages_cost_a_fixed_number_of_queries(client_a, name):
    from django.urls import reverse

    _, queries = _queries(client_a, reverse(f"portal:{name}" if ":" not in name else name))
    assert len(queries) <= _member_max(name), "\n".join(q[:300] for q in queries)


def test_no_member_page_asks_for_permissions(client_a):
    """Wagtail's user bar is drawn for the fund's staff only: a member's pages ask no permission query."""
    _, queries = _queries(client_a, "/fr/portal/")
    assert not [sql for sql in queries if "auth_permission" in sql]


def test_the_dashboard_through_a_proxy_costs_no_more_than_ones_own(request):
    helped, helper = request.getfixturevalue("mother"), request.getfixturevalue("son")
    client = switched(helper, grant(helped, helper))
    _, queries = _queries(client, "/fr/portal/")
    assert len(queries) <= _member_max("dashboard") + 2, queries  # the grant, checked on every request
