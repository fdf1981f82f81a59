"""Issue 15: a member's status is worded for that person ("Pensionnée", "متقاعدة" for a woman),
on the dashboard and on the payment slip; unknown sex keeps the neutral wording."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from portal.wording import status_label
from tests.portal import factories
from tests.portal.conftest import logged_in

pytestmark = pytest.mark.django_db

# (status, sex, language) -> the wording a person reads.
WORDING = [
    ("retired", "F", "fr", "Pensionnée"),
    ("retired", "M", "fr", "Pensionné"),
    ("retired", "", "fr", "Pensionné(e)"),
    ("retired", "F", "ar", "متقاعدة"),
    ("retired", "M", "ar", "متقاعد"),
    ("contributing", "F", "fr", "Affiliée cotisante"),
    ("contributing", "M", "fr", "Affilié cotisant"),
    ("contributing", "", "fr", "Affilié(e) cotisant(e)"),
    ("contributing", "F", "ar", "منخرطة مساهمة"),
    ("survivor", "F", "ar", "مستفيدة من معاش ذوي الحقوق"),
    ("survivor", "M", "ar", "مستفيد من معاش ذوي الحقوق"),
]


@pytest.mark.parametrize(("status", "sex", "language", "expected"), WORDING)
def test_the_status_label_agrees_with_the_person(status, sex, language, expected):
    member = factories.MemberFactory.build(status=status, sex=sex)
    with translation.override(language):
        assert status_label(member) == expected


def subtitle(client, language):
    page = client.get(f"/{language}/portal/").content.decode()
    return page.split('<p class="lead">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("sex", "fr", "ar"),
    [("F", "Pensionnée", "متقاعدة"), ("M", "Pensionné", "متقاعد"), ("", "Pensionné(e)", "متقاعد")],
)
def test_the_dashboard_words_the_status_for_the_member(sex, fr, ar):
    member = factories.MemberFactory(
        user=factories.UserFactory(), status="retired", pension_number="PR0000042", sex=sex
    )
    client = logged_in(member.user)
    assert subtitle(client, "fr").endswith(f"· {fr}")
    assert subtitle(client, "ar").endswith(f"· {ar}")


def status_line(text, language):
    """The slip's "Status" row: "Statut X" in French; in Arabic pypdf reads the value before the label."""
    label = {"fr": "Statut ", "ar": "الحالة"}[language]
    (line,) = [line.strip() for line in text.splitlines() if label in line]
    return line.removeprefix(label) if language == "fr" else line.removesuffix(label).strip()


@pytest.mark.parametrize(
    ("sex", "language", "expected"),
    [
        ("F", "fr", "Pensionnée"),
        ("M", "fr", "Pensionné"),
        ("", "fr", "Pensionné(e)"),
        ("F", "ar", "متقاعدة"),
        ("M", "ar", "متقاعد"),
    ],
)
def test_the_payment_slip_words_the_status_for_the_member(sex, language, expected):
    member = factories.MemberFactory(
        user=factories.UserFactory(), status="retired", pension_number="PR0000043", sex=sex
    )
    payment = factories.PaymentFactory(member=member)
    response = logged_in(member.user).post(
        f"/{language}/portal/payments/detail/{payment.pk}/slip/", {"language": language}
    )
    assert response.status_code == 200, response.content[:300]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert status_line(text, language) == expected
