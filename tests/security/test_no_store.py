"""No answer made for a signed-in member may be stored by a browser or a shared cache.

The routes are not listed here: every route of the URL resolver is walked
(tests/security/urlwalk.py) as member A, enrolled, with A's own objects in the
paths, so a route that a new service adds is checked the day it lands. The
one exception is a view that says its answer is the same for everyone
(``config.security.same_for_everyone``).
"""

import pytest
from django.http import HttpResponse
from django.urls import path

from config import urls as site_urls
from config.security import NO_STORE
from tests.security import urlwalk
from tests.security import world as world_module
from tests.security.access_matrix import _values

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return world_module.build()


def _not_stored_problems(client, world):
    value_for, _unknown = _values(world)
    routes, _unresolvable = urlwalk.routes(value_for, ["fr", "ar"])
    problems, checked = [], 0
    for route in routes:
        response = client.get(route.url)
        if getattr(response, "same_for_everyone", False):
            continue
        checked += 1
        cache_control = response.get("Cache-Control")
        if cache_control != NO_STORE or "Cookie" not in response.get("Vary", ""):
            problems.append(f"{route.url} ({response.status_code}): Cache-Control {cache_control!r}")
    return problems, checked, routes


def test_the_claim_search_is_not_stored(client, world):
    # The review's finding: the member's claim search (page and API) stayed in the browser's disk cache.
    client.force_login(world.users["member_a"])
    reference = world.a["claim"].reference
    for url in ("/fr/search/my-claims/", "/api/search/my-claims/"):
        response = client.get(url, {"q": reference})
        assert response.status_code == 200
        assert reference.encode() in response.content
        assert response["Cache-Control"] == NO_STORE
        assert response["Expires"] == "0"


def _new_service(request):
    # A service added later, with no cache header of its own, showing the member's data.
    return HttpResponse(f"<p>{request.user.member.last_name}</p>")


# This module doubles as a URL configuration: the site's routes plus one more.
urlpatterns = [path("fr/portal/a-service-added-later/", _new_service), *site_urls.urlpatterns]
handler404, handler500, handler400 = site_urls.handler404, site_urls.handler500, site_urls.handler400


def test_every_answer_to_a_signed_in_member_is_no_store(client, world, settings):
    # The site's routes plus one that a new service adds without any cache header of its own.
    settings.ROOT_URLCONF = __name__
    client.force_login(world.users["member_a"])
    problems, checked, routes = _not_stored_problems(client, world)
    # The walk really reached the member's screens, the claim search and the new service included.
    urls = {route.url for route in routes}
    expected = {"/fr/portal/", "/ar/search/my-claims/", "/api/search/my-claims/", "/api/portal/claims/"}
    assert expected | {"/fr/portal/a-service-added-later/"} <= urls
    assert checked > 100
    assert problems == [], "\n".join(problems)
    response = client.get("/fr/portal/a-service-added-later/")
    assert world_module.A_MARKERS[0].encode() in response.content
    assert response["Cache-Control"] == NO_STORE


def test_a_view_may_say_its_answer_is_the_same_for_everyone(client, world):
    from django.test import RequestFactory

    from config.security import PersonalDataCacheMiddleware, same_for_everyone

    @same_for_everyone
    def shared(request):
        response = HttpResponse("the same for everyone")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = RequestFactory().get("/")
    request.user = world.users["member_a"]
    response = PersonalDataCacheMiddleware(shared)(request)
    assert response["Cache-Control"] == "public, max-age=60"
