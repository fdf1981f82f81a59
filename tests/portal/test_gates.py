"""One gate per public, defined once: the member API base class and the staff permission decorator.

- every personal JSON endpoint (portal, claims, requests, search's "my claims") is an ``AccountAPIView``,
  and a ``MemberAPIView`` unless it serves requests (which need no member file of one's own);
- its permission check only reads: it never writes to the request;
- every admin view of portal, claims, requests and search is behind ``staff_permission_required``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIRequestFactory, force_authenticate
from wagtail import hooks

from portal.api_base import AccountAPIView, IsEnrolledMember, MemberAPIView
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db

ADMIN_VIEW_MODULES = {
    "portal.admin_views",
    "portal.claims.admin_views",
    "portal.casework.admin_views",
    "search.admin_views",
}


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_personal_api_view_uses_the_one_base_class():
    member_apis = [
        (route, callback)
        for route, callback in _patterns(get_resolver().url_patterns)
        if route.startswith(("api/portal/", "api/search/my-claims"))
    ]
    assert len(member_apis) >= 10, member_apis
    for route, callback in member_apis:
        view_class = getattr(callback, "cls", None)
        assert view_class is not None and issubclass(view_class, AccountAPIView), route
        # Only the requests (a survivor's pension needs no file of one's own) do without a member file.
        if not route.startswith("api/portal/procedures/"):
            assert issubclass(view_class, MemberAPIView), route


def test_the_member_permission_check_never_writes_to_the_request(file_a):
    request = APIRequestFactory().get("/api/portal/profile/")
    force_authenticate(request, user=file_a.user)
    view = MemberAPIView()
    drf_request = view.initialize_request(request)
    view.request = drf_request
    assert drf_request.user == file_a.user  # authentication happens before any permission check
    before = (dict(vars(drf_request)), dict(vars(request)))
    assert IsEnrolledMember().has_permission(drf_request, view) is True
    assert (dict(vars(drf_request)), dict(vars(request))) == before
    assert view.member == file_a


def test_the_member_api_answers_its_own_file_only(client_a, file_a, file_b):
    assert client_a.get("/api/portal/profile/").json()["affiliation_number"] == file_a.affiliation_number
    unenrolled = logged_in(file_b.user)
    file_b.user = None
    file_b.save()
    response = unenrolled.get("/api/portal/profile/")
    assert response.status_code == 403
    assert "not linked" in response.json()["detail"] or "pas encore" in response.json()["detail"]


def test_every_admin_view_is_behind_the_staff_permission_gate():
    views = []
    for register in hooks.get_hooks("register_admin_urls"):
        for route, callback in _patterns(register()):
            if callback.__module__ in ADMIN_VIEW_MODULES:
                views.append((route, callback))
    assert {callback.__module__ for _route, callback in views} == ADMIN_VIEW_MODULES
    for route, callback in views:
        assert getattr(callback, "staff_permission", None), route


def test_staff_without_the_permission_get_403(officer):
    # A member-services officer holds neither the claims, the audit nor the search report permission.
    staff = logged_in(officer)
    for url in ("/admin/claims/", "/admin/claims/supervision/", "/admin/audit/", "/admin/claims-search/"):
        response = staff.get(url)
        # Wagtail turns the gate's PermissionDenied into a redirect to the admin's home page.
        assert response.status_code in (302, 403), url
        assert response.get("Location", "/admin/") == "/admin/", url
