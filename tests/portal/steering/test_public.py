"""The public figures: the tables read from the summary rows, suppressed as promised, on the page in
French and Arabic (/<lang>/transparency/)."""

import re

import pytest
from django.utils import formats, translation

from portal.models import MemberStatus
from portal.steering import public
from tests.portal.steering import public_world
from tests.portal.steering.public_world import MINIMUM, page_tables
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

# The month names Arabic pages use (not the Mashriq ones of Django's catalogue: ديسمبر, أغسطس…).
MOROCCAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]
LT, X = f"<{MINIMUM}", "x"  # what the CSV writes for "fewer than 10" and "hidden"


def ym(day):
    return f"{day:%Y-%m}"


def _rows(table):
    """The table's rows as the CSV writes them."""
    return [["" if value is None else str(value) for value in row] for row in table.rows]


@pytest.fixture
def known():
    return public_world.build()


def test_the_tables_read_the_summary_rows_and_suppress_small_cells(known):
    this, last = known
    tables = {table.slug: table for table in public.tables()}
    assert list(tables) == ["adoption", "adoption-today", "channels", "service"]

    adoption = _rows(tables["adoption"])
    assert len(adoption) == 12 and tables["adoption"].keys[:2] == [ym(this), ym(last)]
    assert adoption[:2] == [[ym(this), "25", LT], [ym(last), LT, "11"]]
    assert adoption[2][1:] == ["0", "0"]

    today = _rows(tables["adoption-today"])
    assert tables["adoption-today"].keys == ["contributing", "retired", "survivor", "all"]
    assert [row[1:] for row in today] == [
        ["600", "120", "20.0"],
        # 5 survivors linked are too few; the pensioners' 25 would give them away (150 - 120 - 25).
        ["350", X, X],
        ["50", LT, X],
        ["1000", "150", "15.0"],
    ]

    channels = _rows(tables["channels"])
    assert [str(column) for column in tables["channels"].columns[1:6]] == [
        shown("Online"),
        shown("Counter"),
        shown("Phone"),
        shown("Mail"),
        shown("Opened by the fund"),
    ]
    # The counter's 3 is too few; the phone's 12 is hidden, or 80 - 45 - 20 would give the 3 back.
    assert channels[0] == [ym(this), "45", LT, X, "0", "20", "80", "56.2"]
    # Six in all, all online: the online share would be 100 % of a hidden total.
    assert channels[1] == [ym(last), LT, "0", "0", "0", "0", LT, X]
    assert channels[2][1:] == ["0", "0", "0", "0", "0", "0", ""]

    service = _rows(tables["service"])
    # 3 requests of 12 decided in time: the share would give the 3 back.
    assert service[0] == [ym(this), "30", "4.5", "90.0", "12", "20.0", X]
    assert service[1] == [ym(last), LT, X, X, "0", "", ""]


def test_no_published_cell_counts_fewer_than_the_minimum(known):
    for table in public.tables():
        for row in table.cells():
            for cell in row:
                if cell.kind == public.COUNT and cell.suppressed is None:
                    assert cell.value == 0 or cell.value >= MINIMUM, (table.slug, row)
                if cell.suppressed:
                    assert cell.value is None


def test_the_minimum_is_a_setting(known, settings):
    settings.STEERING_MIN_CELL = 5
    [adoption] = public.tables(only="adoption")
    assert _rows(adoption)[:2][0][1:] == ["25", "9"]
    assert _rows(adoption)[1][1:] == ["7", "11"]


def test_the_page_in_french(client, known):
    this, _last = known
    response = client.get("/fr/transparency/")
    assert response.status_code == 200
    page = text(response)
    assert shown("Our figures") in page
    tables = page_tables(response.content.decode())
    assert list(tables) == ["adoption", "adoption-today", "channels", "service"]
    with translation.override("fr"):
        month = formats.date_format(this, "F Y")
    header, first = tables["channels"][:2]
    assert header[0] == shown("Month") and header[-1] == shown("Share received online (%)")
    withheld, hidden = (
        shown("fewer than %(minimum)s", minimum=MINIMUM),
        shown("hidden", context="a figure not published"),
    )
    assert first == [month, "45", withheld, hidden, "0", "20", "80", "56,2"]
    assert tables["adoption-today"][2] == [str(MemberStatus.RETIRED.label), "350", hidden, hidden]
    # Every cell of the page is one of the CSV's, written for a reader.
    for slug, table in ((table.slug, table) for table in public.tables()):
        expected = [_for_reader(row, page="fr") for row in _rows(table)]
        assert [row[1:] for row in tables[slug][1:]] == [row[1:] for row in expected], slug
    # What "fewer than" and "hidden" mean, with the minimum; when the figures were computed.
    assert shown("Figures that are not shown") in page
    assert (
        shown(
            "“fewer than %(minimum)s”: a count of at least 1 but fewer than %(minimum)s, not published.",
            minimum=MINIMUM,
        )
        in page
    )
    assert re.search(r"/api/open-data/channels\.csv\?lang=fr", page)
    assert "/api/open-data/figures/?lang=fr" in page


def _for_reader(row, *, page):
    withheld = shown("fewer than %(minimum)s", page, minimum=MINIMUM)
    hidden = shown("hidden", page, context="a figure not published")
    words = {LT: withheld, X: hidden, "": shown("no figure", page)}
    with translation.override(page):
        grouped = {
            cell: " ".join(formats.number_format(int(cell), force_grouping=True).split())
            for cell in row
            if cell.isdigit()
        }
    return [words.get(cell) or grouped.get(cell) or cell.replace(".", ",") for cell in row]


def test_the_page_in_arabic(client, known):
    this, _last = known
    response = client.get("/ar/transparency/")
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert '<html lang="ar" dir="rtl">' in html
    assert shown("Our figures", "ar") in page
    tables = page_tables(html)
    # The month in the site's one calendar vocabulary, the Moroccan one (config/formats/month_names.py).
    assert tables["channels"][1][0] == f"{MOROCCAN_MONTHS[this.month - 1]} {this.year}"
    # Numbers are isolated from the right-to-left text around them.
    assert '<bdi dir="ltr">45</bdi>' in html and '<bdi dir="ltr">56,2</bdi>' in html
    assert tables["channels"][1][2] == shown("fewer than %(minimum)s", "ar", minimum=MINIMUM)
    assert "/api/open-data/service.csv?lang=ar" in html


def test_no_personal_marker_reaches_the_page(client, known):
    # The summary rows the page does not show (a region of 3 members, a category) stay out of it.
    tables = page_tables(client.get("/fr/transparency/").content.decode())
    assert set(tables) == set(public.SLUGS)
    assert all(len(rows) == (5 if slug == "adoption-today" else 13) for slug, rows in tables.items())


def test_before_the_first_refresh_the_page_says_so(client):
    page = text(client.get("/fr/transparency/"))
    assert shown("The figures have not been computed yet. Please come back later.") in page
    assert "<table" not in page
    assert all(table.rows == [] for table in public.tables())


def test_the_page_only_answers_reads(client):
    assert client.post("/fr/transparency/").status_code == 405


def test_a_population_counting_fewer_members_than_the_minimum_is_not_published():
    # A small fund (or the first days of a file's import): 4 survivors, 2 of them linked.
    today = public_world.timezone.localdate()
    rows = [("all", 300, 40), ("population:contributing", 200, 30), ("population:retired", 96, 8)]
    rows.append(("population:survivor", 4, 2))
    public_world.Figure.objects.bulk_create(
        public_world._figure("adoption.segments", public.Unit.DAY, today, key, count, part) for key, count, part in rows
    )
    now = public_world.timezone.now()
    public_world.Refresh.objects.create(started_at=now, finished_at=now, since=today, rows=4)
    table = next(table for table in public.tables() if table.slug == "adoption-today")
    by_key = dict(zip(table.keys, _rows(table), strict=True))
    # 4 survivors are too few; the pensioners' 96 is hidden too, or 300 - 200 - 96 would give the 4 away.
    assert by_key["survivor"][1:] == [LT, LT, X]
    assert by_key["retired"][1:] == [X, LT, X]
    assert by_key["contributing"][1] == "200" and by_key["all"][1] == "300"
