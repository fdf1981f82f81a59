"""The database unreachable (a restart, a failover) answers 503 "try again", not 500 or 400.

The whole story, with a real PostgreSQL restarted under load, is tests/security/test_database_restart.py;
these check the error handlers' decision on the exceptions Django hands them.
"""

from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError
from django.test import RequestFactory

from config import errors


def _answer(handler, path, raise_it):
    request = RequestFactory().get(path)
    try:
        raise_it()
    except Exception as exception:
        return handler(request, exception) if handler is errors.bad_request else handler(request)


def _database_down():
    raise OperationalError("connection refused")


def test_database_errors_answer_503_with_retry_after():
    response = _answer(errors.server_error, "/fr/portal/", _database_down)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Service momentanément indisponible" in response.content.decode()


def test_api_callers_get_json():
    response = _answer(errors.server_error, "/api/portal/profile/", _database_down)
    assert response.status_code == 503 and response["Content-Type"] == "application/json"


def test_a_session_lost_because_of_the_database_is_503_not_400():
    def session_lost():
        try:
            _database_down()
        except OperationalError:
            raise SessionInterrupted("session deleted")  # noqa: B904 - the implicit context is the point

    assert _answer(errors.bad_request, "/fr/portal/claims/new/", session_lost).status_code == 503


def test_other_errors_keep_their_status():
    def bug():
        raise ValueError("a bug")

    def bad_session():
        raise SessionInterrupted("logged out elsewhere")

    assert _answer(errors.server_error, "/fr/", bug).status_code == 500
    assert _answer(errors.bad_request, "/fr/", bad_session).status_code == 400
