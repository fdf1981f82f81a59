"""No text message at night: an SMS due in quiet hours waits for the morning.

``NOTIFICATIONS_QUIET_HOURS`` ("21:00-08:00", in the portal's time zone, ``TIME_ZONE``) applies to
text messages only: a phone buzzes, a mailbox does not. Empty turns it off.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def _window():
    value = (settings.NOTIFICATIONS_QUIET_HOURS or "").strip()
    if not value:
        return None
    start, _dash, end = value.partition("-")
    return datetime.time.fromisoformat(start.strip()), datetime.time.fromisoformat(end.strip())


def _quiet(clock, start, end):
    if start <= end:
        return start <= clock < end
    return clock >= start or clock < end  # the window crosses midnight


def next_allowed(moment):
    """``moment`` itself outside quiet hours; else the end of the quiet hours it falls in."""
    window = _window()
    if window is None:
        return moment
    start, end = window
    local = timezone.localtime(moment)
    if not _quiet(local.time(), start, end):
        return moment
    day = local.date() if local.time() < end else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, end, tzinfo=local.tzinfo)
