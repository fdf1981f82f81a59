"""A signed-in member's clicks do not each write the session (portal/session_activity.py)."""

import time

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import session_activity


def _writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_clicks_within_a_minute_write_nothing_after_the_first(client_a):
    client_a.get("/fr/portal/")  # the first request records the activity
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client_a.get("/fr/portal/").status_code == 200
    assert _writes(queries.captured_queries) == []


def test_activity_slides_the_expiry_and_is_listed_once_a_minute(client_a, file_a):
    client_a.get("/fr/portal/")
    key = client_a.session.session_key
    listed = UserSession.objects.get(session_key=key)
    expiry = Session.objects.get(session_key=key).expire_date
    # A minute later (the stamp moved back), the next click refreshes both.
    session = client_a.session
    session[session_activity.STAMP] = int(time.time()) - session_activity.REFRESH_SECONDS
    session.save()
    client_a.get("/fr/portal/")
    assert Session.objects.get(session_key=key).expire_date >= expiry
    assert UserSession.objects.get(session_key=key).last_seen_at > listed.last_seen_at
