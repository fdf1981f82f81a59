"""An answer's files: the member's own only; 404 for another member, a visitor, a helper whose access
ended, and once the files were deleted after the decision (the decision stays on the page)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.files.uploads import check_file
from portal.lifecontrol import services
from portal.lifecontrol.choices import FileKind, Method
from tests.portal.factories import UserFactory
from tests.portal.lifecontrol.test_member_pages import act_for, french, logged_in, open_campaign, pensioner  # noqa: F401
from tests.portal.sample_files import image_bytes
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos():
    """The father's photo answer and the URL of its first photo."""
    father = pensioner("father@example.org")
    check = open_campaign(father)[father.pk]
    photo = check_file("id.jpg", image_bytes())
    answer = services.submit(
        check,
        actor=father.user,
        method=Method.PHOTOS,
        files=[(FileKind.IDENTITY_DOCUMENT, photo), (FileKind.HOLDING_DOCUMENT, photo)],
        screen_code="123456",
    )
    first = answer.files.first()
    return father, answer, reverse("lifecontrol:file", args=[answer.pk, first.pk])


def test_the_member_downloads_their_own_photo(photos):
    father, _answer, url = photos
    client = logged_in(father.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert url in text(client.get(reverse("lifecontrol:home")))


def test_nobody_else_sees_the_photos(photos):
    _father, answer, url = photos
    assert Client().get(url).status_code == 302  # a visitor: the login page, nothing of the file
    other = pensioner("other@example.org")
    assert logged_in(other.user).get(url).status_code == 404
    # Another member's own answer id with this file id: still not found.
    other_check = open_campaign(other, year=2028)[other.pk]
    mine = services.submit(
        other_check,
        actor=other.user,
        method=Method.CERTIFICATE,
        files=[(FileKind.CERTIFICATE, check_file("c.jpg", image_bytes()))],
    )
    crossed = reverse("lifecontrol:file", args=[mine.pk, answer.files.first().pk])
    assert logged_in(other.user).get(crossed).status_code == 404
    agent = UserFactory(is_staff=True, second_factor=True)
    assert logged_in(agent).get(url).status_code in (302, 404)


@pytest.mark.parametrize("ended", ["expired", "revoked"])
def test_a_helper_whose_access_ended_gets_nothing(photos, ended):
    father, _answer, url = photos
    holder = UserFactory(username=f"{ended}@example.org", second_factor=True)
    client = act_for(holder, father, expires_in=-1 if ended == "expired" else 30, revoked=ended == "revoked")
    response = client.get(url)
    assert response.status_code in (302, 404) and not getattr(response, "streaming", False)


def test_a_helper_in_force_may_open_them():
    father = pensioner("father2@example.org")
    check = open_campaign(father)[father.pk]
    answer = services.submit(
        check,
        actor=father.user,
        method=Method.CERTIFICATE,
        files=[(FileKind.CERTIFICATE, check_file("c.jpg", image_bytes()))],
    )
    son = UserFactory(username="son@example.org", second_factor=True)
    client = act_for(son, father, scope="read")
    assert client.get(reverse("lifecontrol:file", args=[answer.pk, answer.files.get().pk])).status_code == 200


def test_after_the_decision_and_the_retention_the_files_are_gone_the_decision_stays(photos):
    father, answer, url = photos
    agent = UserFactory(is_staff=True)
    services.review(answer, actor=agent, accepted=True)
    later = timezone.now() + datetime.timedelta(days=61)
    assert services.delete_old_files(now=later) == 1
    client = logged_in(father.user)
    assert client.get(url).status_code == 404
    home = text(client.get(reverse("lifecontrol:home")))
    assert url not in home
    assert shown("Accepted", context="life answer") in home
    assert shown("Deleted after the decision, as announced; the decision is kept.") in home
