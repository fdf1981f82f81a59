"""The letter: one page per pensioner, French and Arabic, the code in large letters and the QR's URL."""

import io
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from portal.lifecontrol import codes, letter_pdf
from tests.portal.lifecontrol.test_member_pages import french, logged_in, open_campaign, pensioner  # noqa: F401
from tests.portal.text import shown

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"


def pages(data):
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return ["".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in reader.pages]


def contains(text, phrase):
    """Right-to-left text may be extracted in visual order, where a number moves to the other end of its
    line: accept the phrase whole, or its Arabic words together and its numbers beside them."""
    phrase = unicodedata.normalize("NFKC", str(phrase))
    whole = "".join(phrase.split())
    if whole in text:
        return True
    words = "".join(word for word in phrase.split() if not word.isdigit())
    numbers = "".join(word for word in phrase.split() if word.isdigit())
    return f"{numbers}{words}" in text or f"{words}{numbers}" in text


@pytest.fixture(scope="module")
def two_letters(django_db_setup, django_db_blocker):
    """Two pensioners' letters, made once for the module (a PDF with fonts takes a moment)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        father = pensioner(
            "father@example.org", first_name="Driss", last_name="Alaoui", city="Lyon", postal_code="69003"
        )
        mother = pensioner("mother@example.org", country="BE", first_name="Fatima", last_name="Bennis")
        checks = open_campaign(father, mother)
        ordered = [checks[father.pk], checks[mother.pk]]
        data = letter_pdf.letters(ordered, base_url=BASE)
        one = letter_pdf.letter(ordered[0], base_url=BASE)
        codes_ = [codes.letter_code(check.campaign_id, check.member_id) for check in ordered]
        yield {
            "pages": pages(data),
            "one": pages(one),
            "codes": codes_,
            "year": ordered[0].campaign.year,
            "language": ordered[0].case.language,
        }
        transaction.set_rollback(True)


def test_one_page_per_pensioner_with_their_own_code(two_letters):
    first, second = two_letters["pages"]
    code_father, code_mother = two_letters["codes"]
    assert code_father in first and code_mother not in first
    assert code_mother in second and code_father not in second
    assert "DrissAlaoui" in first and "69003Lyon" in first and "FRANCE" in first
    assert "FatimaBennis" in second
    assert len(two_letters["one"]) == 1


def test_french_and_arabic_on_the_same_page(two_letters):
    [page] = two_letters["one"]
    for language in ("fr", "ar"):
        with translation.override(language):
            title = shown("Life certificate %(year)s", language, year=two_letters["year"])
            caption = shown("Your code", language)
        assert contains(page, title), language
        assert contains(page, caption), language
    # The member's name in Arabic script is on the letter too.
    assert contains(page, "سلمى برادة") or contains(page, "سلمى") or "برادة" in page


def test_the_qr_codes_address_is_printed_under_it(two_letters):
    [page] = two_letters["one"]
    code = two_letters["codes"][0]
    assert f"{BASE}/{two_letters['language']}/life-certificate/?code={code}" in page


def test_the_member_downloads_their_own_letter_and_no_one_elses():
    father = pensioner("father3@example.org")
    other = pensioner("other3@example.org", country="MA")  # not drawn: no letter of their own
    checks = open_campaign(father)
    check = checks[father.pk]
    url = reverse("lifecontrol:letter", args=[check.campaign_id])
    response = logged_in(father.user).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert codes.letter_code(check.campaign_id, father.pk) in pages(response.content)[0]
    assert logged_in(other.user).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert logged_in(father.user).get(reverse("lifecontrol:letter", args=[check.campaign_id + 99])).status_code == 404
