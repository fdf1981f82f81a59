"""The estimate as a PDF: an attachment, in French or Arabic, with the member's figures and no one else's."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone, translation
from pypdf import PdfReader

from portal.pension_rules import schedule
from portal.simulator import explain, situation
from tests.portal import factories
from tests.portal.conftest import logged_in
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

URL = "/{}/portal/simulator/estimate.pdf"
ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")


@pytest.fixture(scope="module")
def serving(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        member = factories.MemberFactory(
            user=factories.UserFactory(username="pdf@example.org"), last_name="Qwertyzaoui", sex="F"
        )
        factories.CareerPeriodFactory(
            member=member, start_date=datetime.date(1994, 3, 1), end_date=None, contribution_base=Decimal("9876.50")
        )
        other = factories.MemberFactory(user=factories.UserFactory(username="pdf-other@example.org"))
        factories.CareerPeriodFactory(member=other, end_date=None)
        yield member, other
        transaction.set_rollback(True)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def download(member, language, params=None):
    response = logged_in(member.user).get(URL.format(language), params or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="pension-estimate-{member.affiliation_number}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    return pdf_text(response.content)


def test_the_french_pdf_has_the_members_figures(serving):
    member, other = serving
    content = download(member, "fr", {"retirement_date": "2031-03-15", "growth": "1,5"})
    start = situation.from_member(member, today=timezone.localdate(), growth=Decimal("1.5"))
    with translation.override("fr"):
        scenarios = explain.scenarios(start, schedule.load(), datetime.date(2031, 3, 15))
        flat = content.replace("\n", " ").replace("\xa0", " ")
        assert member.affiliation_number in flat and "Qwertyzaoui" in flat
        for scenario in scenarios:
            assert scenario.estimate.entitled
            for amount in (scenario.estimate.gross, scenario.estimate.net):
                assert explain.money(amount).replace("\xa0", " ") in flat
        assert shown("Estimate of my pension") in flat
    assert other.affiliation_number not in flat


def test_the_arabic_pdf_is_in_arabic(serving):
    member, _other = serving
    content = download(member, "ar")
    assert ARABIC_LETTERS.search(content)  # shaped Arabic: presentation forms in the text layer
    assert member.affiliation_number in content


def test_bad_parameters_are_the_page_with_the_error_not_a_broken_pdf(serving):
    member, _other = serving
    response = logged_in(member.user).get(URL.format("fr"), {"growth": "300"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert shown("Enter a yearly growth from -5 to 10 (per cent), for example 1,5.") in text(response)
