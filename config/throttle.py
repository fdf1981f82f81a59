"""A budget of writes for every signed-in member: so many per minute and per hour.

Each claim, reply or change request costs e-mails, index updates and up to 50 MB of
uploads to check, and a script once filed 25 claims in 0.9 s. One middleware counts
every write (POST, PUT, PATCH, DELETE) that a signed-in person who is not staff sends
to a view, whichever app the view belongs to: the member forms, the member API, and
every service added later, with nothing to remember in the view. Staff work the
back-office at their own pace and are not counted.

A write beyond the budget is refused before the view runs (so nothing is written or
sent) with 429, ``Retry-After`` and a translated message: JSON ``{"detail": ...}`` under
``/api/``, a page otherwise. Refused writes are not counted, so a member waits at most
until the current window ends.

The counters live in the shared cache (``CACHE_BACKEND``), one per member and window.
Reading and writing a counter are two steps: simultaneous writes may each see the same
count, so a burst can pass the budget by at most the number of application processes.
"""

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from config.staff import works_for_the_fund

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Writes that are never counted: signing out must always work (a member stops a session they do
# not trust), choosing the language changes nothing but a cookie, and the public simulator writes
# nothing (it has its own limit per address).
EXEMPT_URL_NAMES = frozenset({"account_logout", "set_language"})
EXEMPT_VIEW_NAMES = frozenset({"simulator:public"})
# The partners' space is a desk job, not a member's: an HR officer (invited, with a second factor)
# sends five or six writes per dossier and prepares dozens a day; the employer API has its own
# budget per token (``portal/partners/api_auth.py``).
EXEMPT_NAMESPACES = frozenset({"partners", "partners-api"})


def count(key, *, window):
    """Add one to the shared counter ``key`` and return its value; the first count creates it for
    ``window`` seconds (``add`` only creates), so the window is fixed from that moment.

    The one counter behind every per-person or per-address limit (the verification page, search
    logging, enrolment failures by address).
    """
    cache = caches["default"]
    if hasattr(cache, "count"):  # Redis (config.redis_cache): the same in one round trip
        return cache.count(key, window=window)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def budgets():
    """(window in seconds, writes allowed in it) pairs; a budget of 0 is no limit."""
    windows = ((60, settings.MEMBER_WRITES_PER_MINUTE), (3600, settings.MEMBER_WRITES_PER_HOUR))
    return [(seconds, allowed) for seconds, allowed in windows if allowed > 0]


def consume(user_id, now=None):
    """Count one write by this user; return 0 if it may go ahead, else the seconds to wait."""
    cache = caches["default"]
    now = time.time() if now is None else now
    keys = {seconds: f"throttle:writes:{user_id}:{seconds}:{int(now // seconds)}" for seconds, _ in budgets()}
    counts = cache.get_many(keys.values())
    full = [seconds for seconds, allowed in budgets() if counts.get(keys[seconds], 0) >= allowed]
    if full:
        return max(math.ceil(seconds - now % seconds) for seconds in full)
    for seconds, key in keys.items():
        # The counter lives until its window ends.
        cache.set(key, counts.get(key, 0) + 1, timeout=math.ceil(seconds - now % seconds))
    return 0


def refusal(request, wait):
    minutes = math.ceil(wait / 60)
    message = ngettext(
        "You have sent too many requests in a short time. Nothing was saved: please try again in %(minutes)d minute.",
        "You have sent too many requests in a short time. Nothing was saved: please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


class MemberWriteThrottleMiddleware:
    """Refuse a signed-in non-staff person's write beyond their budget (after the CSRF check)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in WRITES:
            return None
        user = request.user
        if not user.is_authenticated or works_for_the_fund(user):
            return None
        match = request.resolver_match
        if match.url_name in EXEMPT_URL_NAMES or match.view_name in EXEMPT_VIEW_NAMES:
            return None
        if match.namespace in EXEMPT_NAMESPACES:
            return None
        wait = consume(user.pk)
        return refusal(request, wait) if wait else None
