"""The open-data API: the public tables as JSON and as CSV, in French and Arabic, documented in the
schema; the CSV and the JSON say the same, and neither publishes a small count."""

import csv
import io

import pytest

from portal.steering import public
from tests.portal.steering import public_world
from tests.portal.steering.public_world import MINIMUM
from tests.portal.text import shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return public_world.build()


def _figures(client, **params):
    response = client.get("/api/open-data/figures/", params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response


def _csv(client, slug, lang):
    response = client.get(f"/api/open-data/{slug}.csv", {"lang": lang})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-{lang}.csv"'
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # spreadsheet programs then read the Arabic labels as UTF-8
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))


def test_the_figures_as_json(client, known):
    this, _last = known
    data = _figures(client, lang="fr").json()
    assert data["language"] == "fr" and data["minimum"] == MINIMUM and data["computed_at"]
    assert [table["slug"] for table in data["tables"]] == list(public.SLUGS)
    channels = data["tables"][2]
    assert channels["caption"] == shown("Claims and requests received, by channel and month")
    assert channels["csv"] == "/api/open-data/channels.csv?lang=fr"
    assert [column["key"] for column in channels["columns"]] == [
        "month", "online", "counter", "phone", "mail", "fund", "total", "online_share",
    ]  # fmt: skip
    assert channels["columns"][1] == {"key": "online", "label": shown("Online"), "kind": "count"}
    first, second = channels["rows"][:2]
    assert first == {
        "key": f"{this:%Y-%m}",
        "values": [f"{this:%Y-%m}", 45, None, None, 0, 20, 80, 56.2],
        "suppressed": [None, None, "below_minimum", "hidden", None, None, None, None],
    }
    assert second["values"][1:] == [None, 0, 0, 0, 0, None, None]
    assert second["suppressed"][1:] == ["below_minimum", None, None, None, None, "below_minimum", "hidden"]
    # No figure at all (an empty month's online share) is null without a reason.
    assert channels["rows"][2]["values"][-1] is None and channels["rows"][2]["suppressed"][-1] is None
    today = data["tables"][1]
    assert [row["key"] for row in today["rows"]] == ["contributing", "retired", "survivor", "all"]


def test_no_count_under_the_minimum_in_the_json(client, known):
    for table in _figures(client).json()["tables"]:
        kinds = [column["kind"] for column in table["columns"]]
        for row in table["rows"]:
            for kind, value, why in zip(kinds, row["values"], row["suppressed"], strict=True):
                if kind == "count" and value is not None:
                    assert value == 0 or value >= MINIMUM, (table["slug"], row)
                if why is not None:
                    assert value is None


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_each_csv_says_what_the_json_says(client, known, lang):
    marks = {"below_minimum": f"<{MINIMUM}", "hidden": "x"}
    for table in _figures(client, lang=lang).json()["tables"]:
        lines = _csv(client, table["slug"], lang)
        assert lines[0] == [column["label"] for column in table["columns"]]
        expected = [
            [
                marks[why] if why else "" if value is None else str(value)
                for value, why in zip(row["values"], row["suppressed"], strict=True)
            ]
            for row in table["rows"]
        ]
        assert lines[1:] == expected, table["slug"]


def test_the_language_comes_from_lang_or_from_accept_language(client, known):
    arabic = client.get("/api/open-data/figures/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert arabic["language"] == "ar"
    assert arabic["tables"][2]["columns"][1]["label"] == shown("Online", "ar")
    assert _figures(client, lang="fr").json()["language"] == "fr"
    # An unknown language falls back to the default one rather than failing.
    assert _figures(client, lang="xx").json()["language"] == "fr"
    header = _csv(client, "adoption", "ar")[0]
    assert header[0] == shown("Month", "ar")


def test_the_figures_are_the_same_in_both_languages(client, known):
    french, arabic = (_figures(client, lang=lang).json()["tables"] for lang in ("fr", "ar"))
    assert [[row["values"][1:] for row in table["rows"]] for table in french] == [
        [row["values"][1:] for row in table["rows"]] for table in arabic
    ]


def test_before_the_first_refresh(client):
    data = _figures(client).json()
    assert data["computed_at"] is None and all(table["rows"] == [] for table in data["tables"])
    assert len(_csv(client, "channels", "fr")) == 1  # the header only


def test_an_unknown_table_is_the_apis_404_and_writes_are_refused(client):
    response = client.get("/api/open-data/members.csv")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert client.post("/api/open-data/figures/").status_code == 405
    # Whatever the client says it accepts, the address says CSV.
    response = client.get("/api/open-data/channels.csv", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert client.delete("/api/open-data/channels.csv").status_code == 405


def test_the_schema_documents_both_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    figures = schema["paths"]["/api/open-data/figures/"]["get"]
    assert figures["tags"] == ["Open data"]
    assert "application/json" in figures["responses"]["200"]["content"]
    table = schema["paths"]["/api/open-data/{table}.csv"]["get"]
    assert "text/csv" in table["responses"]["200"]["content"]
    [parameter] = [p for p in table["parameters"] if p["name"] == "table"]
    assert parameter["schema"]["enum"] == list(public.SLUGS)
    rows = schema["components"]["schemas"]["Row"]["properties"]
    assert set(rows) == {"key", "values", "suppressed"}
