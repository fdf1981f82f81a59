"""Search figures: searches per week and month by language with those that found nothing, the most
frequent queries of the last 30 days (typed by enough visitors), and the pages found or never found."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from portal.steering import periods
from portal.steering.choices import Unit
from search.models import IndexedPage, QueryLog, ResultClick
from tests.portal.steering.data import figures, local

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)
MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
WEEK_14 = datetime.date(2026, 3, 30)


def _searched(when, query="pension", *, language="fr", results=3, visitor="v1"):
    log = QueryLog.objects.create(query=query, language=language, results=results, backend="es", visitor=visitor)
    QueryLog.objects.filter(pk=log.pk).update(created_at=when)


def test_searches_by_language_with_those_that_found_nothing():
    _searched(local(2026, 3, 31, 23, 30), language="fr", results=0)
    _searched(local(2026, 4, 1, 0, 30), language="fr")  # still 31 March in UTC
    _searched(local(2026, 4, 2), language="ar", results=0)
    _searched(local(2026, 4, 2), language="ar", results=5)
    _searched(local(2026, 4, 6), language="fr")  # the next week

    months = figures("search.queries", unit=Unit.MONTH, since=MARCH, today=TODAY)
    assert {key: (row.count, row.part) for key, row in months.items()} == {
        (MARCH, "fr"): (1, 1),
        (MARCH, ""): (1, 1),
        (APRIL, "fr"): (2, 0),
        (APRIL, "ar"): (2, 1),
        (APRIL, ""): (4, 1),
    }
    weeks = figures("search.queries", unit=Unit.WEEK, since=WEEK_14, today=TODAY)
    assert weeks[(WEEK_14, "")].count == 4
    assert weeks[(WEEK_14, "")].part == 2
    assert weeks[(WEEK_14 + datetime.timedelta(weeks=1), "")].count == 1


def test_top_queries_need_enough_visitors(settings):
    settings.SEARCH_REPORT_MIN_VISITORS = 3
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for n in range(4):
        _searched(yesterday, "pension", visitor=f"visitor-{n}")
    for n in range(3):
        _searched(yesterday, "attestation perdue", results=0, visitor=f"visitor-{n}")
    for _n in range(5):
        _searched(yesterday, "Ahmed Alaoui", visitor="one-person")  # one person, however often: never shown
    _searched(timezone.now() - datetime.timedelta(days=40), "carte", visitor="old")
    ResultClick.objects.create(query="pension", position=1)
    ResultClick.objects.create(query="pension", position=2)
    today = periods.today()

    rows = figures("search.top", unit=Unit.DAY, since=today, today=today)
    assert {key: (row.count, row.part) for (_period, key), row in rows.items()} == {
        "q:pension": (4, 2),
        "q:attestation perdue": (3, 0),
        "zero:attestation perdue": (3, None),
    }


def test_pages_found_and_pages_never_found():
    root = Page.get_first_root_node()
    pages = [root.add_child(instance=Page(title=f"Page {n}", slug=f"steering-page-{n}")) for n in range(4)]
    IndexedPage.objects.all().delete()
    for page in pages:
        IndexedPage.objects.create(page=page, language="fr", kind="standard", title=page.title, url="/", checksum="x")
    now = timezone.now()
    for page, clicks in ((pages[0], 3), (pages[1], 1)):
        for _n in range(clicks):
            ResultClick.objects.create(query="pension", page=page, position=1)
    old = ResultClick.objects.create(query="pension", page=pages[2], position=1)
    ResultClick.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=31))
    today = periods.today()

    rows = figures("search.pages", unit=Unit.DAY, since=today, today=today)
    assert {key: (row.count, row.part) for (_period, key), row in rows.items()} == {
        f"page:{pages[0].pk}": (3, None),
        f"page:{pages[1].pk}": (1, None),
        "never": (2, 4),  # the page clicked 31 days ago and the one never clicked
    }
