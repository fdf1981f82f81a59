"""The XSS corpus itself, and the one server error it found (a NUL byte in a search query).

The browser checks are in tests/e2e/test_xss.py.
"""

import re

import pytest

from search import service
from search.models import QueryLog
from search.privacy import scrub_query
from tests.security.xss_payloads import DIALOG_IDS, NUL, PAYLOADS, TEMPLATES


def test_the_corpus_has_at_least_150_distinct_payloads_each_with_its_own_detector():
    assert len(TEMPLATES) >= 150
    assert len(set(TEMPLATES)) == len(TEMPLATES)
    for payload in PAYLOADS:
        ids = {int(number) for number in re.findall(r"(?:__xss|alert|confirm|prompt)\((\d+)\)", payload.text)}
        # Encoded calls and template markers carry the id in another form; none may name another payload.
        assert ids <= {payload.id}, payload
    assert len(DIALOG_IDS) >= 5


def test_nul_is_dropped_from_queries_before_anything_is_stored():
    assert service.parse_request({"q": f"<scr{NUL}ipt>retraite"}, "fr").query == "<script>retraite"
    assert NUL not in scrub_query(f"pension{NUL} retraite")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_query_with_a_nul_byte_is_answered_not_a_server_error(client, lang):
    """It was a 500: the query log (PostgreSQL) refused the NUL byte."""
    response = client.get(f"/{lang}/search/", {"q": f"<scr{NUL}ipt>__xss(1)</scr{NUL}ipt>"})
    assert response.status_code == 200
    assert QueryLog.objects.exists()
    assert all(NUL not in query for query in QueryLog.objects.values_list("query", flat=True))
    response = client.get("/api/search/", {"q": f"retraite{NUL}", "lang": lang})
    assert response.status_code == 200
