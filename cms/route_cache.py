"""Wagtail's routing, remembered: which site and which page answer a path.

Routing a path costs a query for the site, one for the locale, and two per path segment (the child, then its
specific type): a procedure page's routing was 8 of its 17 queries once the page cache missed (a signed-in
visitor, a page cache turned off or just emptied). Here the answer is kept per host and path, and the next
request for it reads the page with one query and gives Wagtail's serve view the route it would have found
(``request._wagtail_site`` and ``request._wagtail_route_for_request`` are where Wagtail itself keeps them for
the rest of the request).

Only the routing is skipped, never the checks after it: view restrictions (Wagtail's before_serve_page hook),
the page's own serve. What routing decides from the database (published, moved, renamed, deleted, a site or
locale changed) empties the page cache's store, where the routes are kept (cms.cache_signals); what it decides
from the clock (an expired page, cms.models.SitePage.route) bounds the entry's lifetime.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from wagtail.url_routing import RouteResult

# Each imports the other (the page cache restores and remembers routes): attributes are read when called.
from cms import page_cache

# Set on a request whose route came from here.
RESTORED = "_route_cache_restored"


def _key(request):
    digest = hashlib.sha256(f"{request.get_host()}\n{request.path}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"route:{digest}"


def remember(request, page):
    """Keep the route Wagtail found for this request (a page served without route arguments)."""
    site = getattr(request, "_wagtail_site", None)
    # A preview is served at an admin address, never routed.
    if site is None or getattr(request, RESTORED, False) or getattr(request, "is_preview", False):
        return
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if page.expire_at:
        seconds = min(seconds, int((page.expire_at - timezone.now()).total_seconds()))
    if seconds > 0:
        caches[page_cache.CACHE_ALIAS].set(_key(request), (site, page._meta.label, page.pk), seconds)


def restore(request):
    """Give Wagtail the route of this path if it is known: one query for the page instead of the routing."""
    stored = caches[page_cache.CACHE_ALIAS].get(_key(request))
    if stored is None:
        return
    site, label, pk = stored
    page = apps.get_model(label).objects.filter(pk=pk).first()
    if page is None:  # deleted and the cache not yet emptied: Wagtail routes as usual
        return
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page)
    setattr(request, RESTORED, True)  # already kept: serve need not write it again
