"""Cache of the pages anonymous visitors see, emptied whenever published content changes.

wagtail-cache, the usual library for this, requires Wagtail < 8, so this is the
small part of it the site needs, on Django's cache framework:

- Only what every anonymous visitor would get is kept: GET/HEAD without a query
  string, no logged-in user, no pending message, a public page, a 200 answer that
  sets no cookie (a page that asked for a CSRF token is not kept).
- Any publication, unpublication, move, deletion, save or restriction of a page, and
  any change to an alert, category, audience, document, image, site or locale,
  empties the whole page cache, at once and again when the transaction commits
  (see clear_on_commit): the home page lists the latest news, procedures list
  related ones, every page shows the alerts, so a change anywhere may show anywhere.
  Editors publish a few times a day; emptying is cheap.
- An entry never outlives the next scheduled change the site makes by itself:
  an alert that starts or ends, or the page's own expiry.

CachedPageMixin.serve (it knows the page: its restrictions and expiry) decides that an
answer may be kept; CookielessPageCacheMiddleware, near the top of MIDDLEWARE, stores it
with the headers every middleware under it added (CSP, frame options, language, Vary), and
answers from it a visitor who sent no session or messages cookie (hence anonymous, with
nothing pending) without running those middleware: they were two thirds of a cached
answer's time. PageCacheMiddleware, last, answers the other anonymous visitors (a session
cookie, e.g. after a form) once the session says who they are. Both skip Wagtail's routing,
which took three quarters of the time of a cached answer (site, locale and one query per
path segment). Skipping it is safe because everything the routing decides (published,
moved, restricted, expired) either empties the cache or bounds the entry's lifetime.

The cache is the "pages" alias of CACHES (PAGE_CACHE_SECONDS = 0 turns it off).
"""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from cms import route_cache

CACHE_ALIAS = "pages"
HIT_HEADER = "X-Page-Cache"
MESSAGES_COOKIE = CookieStorage.cookie_name
# Set by CachedPageMixin on a request whose answer may be kept: (key, seconds); stored on the way out.
KEEP = "_page_cache_keep"


def _cache():
    return caches[CACHE_ALIAS]


def lifetime():
    return settings.PAGE_CACHE_SECONDS


def _key(request):
    """The key of the address, or None for a request whose answer is never kept (a write, a query string)."""
    if not lifetime() or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    # Hashed: a path is whatever a visitor types (a NUL byte, which the database cache refuses, or
    # characters memcached would refuse); the digest is always a safe key.
    digest = hashlib.sha256(f"{request.get_host()}\n{request.path}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


def cache_key(request):
    """The key for this request, or None when the answer may differ from one visitor to another."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return None
    # len() reads the pending messages without marking them as shown.
    if len(get_messages(request)):
        return None
    return _key(request)


def cookieless_key(request):
    """The key for a request known anonymous before its session is read: it sent no session cookie (no one is
    signed in without one) and no messages cookie (messages wait in that cookie or in the session)."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return None
    return _key(request)


def fetch(key):
    stored = _cache().get(key)
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content, headers=headers)
    response[HIT_HEADER] = "hit"
    return response


def seconds_until_next_change(page, now=None):
    """Seconds until the site changes by itself: an alert starts or ends, or the page expires."""
    from cms.fragments import seconds_until_alerts_change

    now = now or timezone.now()
    seconds = seconds_until_alerts_change(now, lifetime())
    if page.expire_at:
        seconds = min(seconds, int((page.expire_at - now).total_seconds()))
    return max(0, seconds)


def keep_later(key, request, page, response):
    """Mark the request so that its answer is kept once rendered, if it is the same for every anonymous visitor
    (CookielessPageCacheMiddleware stores it on the way out, with every header the stack added)."""

    def keep(rendered):
        if rendered.status_code != 200 or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return
        if page.get_view_restrictions().exists():
            return
        seconds = seconds_until_next_change(page)
        if seconds > 0:
            setattr(request, KEEP, (key, seconds))

    if hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(keep)
    else:
        keep(response)
    return response


def store(request, response):
    """Keep the answer the request was marked for, unless something on the way out made it personal."""
    kept = getattr(request, KEEP, None)
    if kept is None or response.status_code != 200 or response.cookies or response.streaming:
        return
    key, seconds = kept
    headers = {name: value for name, value in response.items() if name != HIT_HEADER}
    _cache().set(key, (response.content, headers), seconds)


def clear():
    _cache().clear()


def clear_on_commit(*args, **kwargs):
    """Signal receiver: empty the cache now and again once the change is committed.

    Now, so that whatever runs later in the same transaction sees the change; after the
    commit, because a request served between the two may have put the old version back.
    """
    clear()
    transaction.on_commit(clear)


class CachedPageMixin:
    """Keep what a page renders for anonymous visitors in the page cache."""

    def serve(self, request, *args, **kwargs):
        if not args and not kwargs:
            route_cache.remember(request, self)
        response = super().serve(request, *args, **kwargs)
        key = cache_key(request)
        return response if key is None else keep_later(key, request, self, response)


class CookielessPageCacheMiddleware:
    """Answer a visitor who sent no session cookie from the page cache, before the middleware under it (whose
    headers the stored answer already carries); store the answers CachedPageMixin marked. Placed under the
    middleware that set headers on every answer, personal or not (security, no-store, permissions policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cookieless_key(request)
        if key is not None and (cached := fetch(key)) is not None:
            return cached
        response = self.get_response(request)
        store(request, response)
        return response


class PageCacheMiddleware:
    """Answer from the page cache the anonymous visitors who sent a session cookie (CookielessPageCacheMiddleware
    answers the others); last in MIDDLEWARE, so that the middleware before it (language, CSRF, authentication)
    still apply. Otherwise, when the page is Wagtail's to serve, give it the route it found last time
    (cms.route_cache)."""

    def __init__(self, get_response):
        from wagtail.views import serve  # needs the models: loaded by the time middleware is made

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        key = cache_key(request)
        if key is not None and (cached := fetch(key)) is not None:
            return cached
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only for Wagtail's pages: the portal's and the APIs' requests need no lookup.
        if view_func is self.wagtail_serve:
            route_cache.restore(request)
