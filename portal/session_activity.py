"""The idle timeout and the "your sessions" list, kept fresh with at most one write a minute.

A signed-in session expires after ``SESSION_IDLE_SECONDS`` without activity, so its expiry
must move forward as the person uses the site; and allauth's session list shows when each
session was last seen. Django's ``SESSION_SAVE_EVERY_REQUEST`` and allauth's activity tracking
each write to the database on *every* request: two writes per click, which SQLite (``make run``)
answers with "database is locked" as soon as someone clicks fast, and which cost PostgreSQL for
nothing. Here both happen once a minute at most: the idle timeout is then exact to the minute.
"""

import time

from allauth.usersessions.models import UserSession

# Seconds between two refreshes of the same session.
REFRESH_SECONDS = 60
STAMP = "_activity_refreshed_at"


class SessionActivityMiddleware:
    """Placed after SessionMiddleware and AuthenticationMiddleware (it runs before the session is saved)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated or not session.session_key:
            return response
        now = int(time.time())
        if now - session.get(STAMP, 0) >= REFRESH_SECONDS:
            session[STAMP] = now  # modified: SessionMiddleware saves it with a new expiry
            UserSession.objects.create_from_request(request)
        return response
