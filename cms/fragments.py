"""What every page shows around its content (main navigation, language switcher, alerts, footer links), computed
once per language and site instead of once per request.

Together they cost a public page more SQL than the page itself (a third of its queries, a quarter of its time).
They are kept in the page cache's store (cms.page_cache), so the same signals empty both
(cms.cache_signals: publication, unpublication, move, deletion, a changed alert, site or locale), scheduled
publication included (publish_scheduled sends page_published). Unlike rendered pages they are also kept for
signed-in people and when PAGE_CACHE_SECONDS is 0: they never differ from one person to another (what does, like
"Sign in" or aria-current, stays in the templates).

An entry lives FRAGMENT_CACHE_SECONDS at most, and the alerts never past the next moment one starts or ends.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from cms.page_cache import CACHE_ALIAS

_MISSING = object()


def _key(name, parts):
    # Parts are languages, page ids and host names (validated by ALLOWED_HOSTS): safe in any store's keys.
    return ":".join(("fragment", name, *map(str, parts)))


def _keep(key, value, seconds):
    seconds = min(seconds, settings.FRAGMENT_CACHE_SECONDS)
    if seconds > 0:
        caches[CACHE_ALIAS].set(key, value, seconds)


def remember(name, *parts, compute):
    """The value kept under name and parts, or compute()'s, then kept FRAGMENT_CACHE_SECONDS."""
    return remember_for(name, *parts, compute=lambda: (compute(), settings.FRAGMENT_CACHE_SECONDS))


def remember_for(name, *parts, compute):
    """remember() for a value that knows how long it holds: compute() returns (value, seconds)."""
    key = _key(name, parts)
    value = caches[CACHE_ALIAS].get(key, _MISSING)
    if value is _MISSING:
        value, seconds = compute()
        _keep(key, value, seconds)
    return value


def active_alerts(language):
    """The language's alerts shown now, kept until the next moment any alert starts or ends."""
    from cms.snippets import SiteAlert

    key = _key("alerts", (language,))
    alerts = caches[CACHE_ALIAS].get(key, _MISSING)
    if alerts is _MISSING:
        now = timezone.now()
        # Both at the same instant: an alert starting in between is then only missed until its own start.
        alerts = list(SiteAlert.objects.active(language, at=now))
        _keep(key, alerts, seconds_until_alerts_change(now))
    return alerts


def site_part(request):
    """The site a fragment was computed for: its links are relative to it."""
    return request.get_host() if request is not None else "-"


def seconds_until_alerts_change(now=None, horizon_seconds=None):
    """Seconds until a published alert starts or ends (within the horizon; the horizon itself when none does)."""
    from cms.snippets import SiteAlert

    now = now or timezone.now()
    horizon = now + timedelta(seconds=horizon_seconds or settings.FRAGMENT_CACHE_SECONDS)
    moments = [horizon]
    upcoming = SiteAlert.objects.filter(live=True)
    moments += upcoming.filter(starts_at__gt=now, starts_at__lt=horizon).values_list("starts_at", flat=True)
    moments += upcoming.filter(ends_at__gt=now, ends_at__lt=horizon).values_list("ends_at", flat=True)
    return max(0, int((min(moments) - now).total_seconds()))
