"""The "Start online" part of procedure pages: a registered portal service or nothing, and no promise of a
service that does not exist in the demo's procedure texts (cms.online_services)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from cms import online_services

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "cms"
PROCEDURE_FILES = ("procedures-1.json", "procedures-2.json", "procedures-3.json")

# Online services that procedure texts used to promise and the portal does not offer (yet). When one
# ships, register it (portal/online_services.py), point the procedures at it and drop it from here.
MISSING_SERVICES = {
    "proof of life sent as a photo": ("en photo", "photo depuis", "déposée en ligne", "على شكل صورة", "صورة منها"),
    "online appointments": ("rendez-vous en ligne", "موعد عبر الإنترنت"),
}
# Words that say "do it online": only a procedure that has a registered service may use them.
ONLINE_WORDS = ("en ligne", "عبر الإنترنت")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _phrase(value, phrases):
    return value if isinstance(value, dict) else phrases[value]


def _procedure_texts():
    """(slug, service, every text a visitor reads on the page, in both languages)."""
    phrases = json.loads((FIXTURES / "phrases.json").read_text(encoding="utf-8"))
    for name in PROCEDURE_FILES:
        for item in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
            texts = list(_strings([item["fr"], item["ar"]]))
            for value in [*item["channels"].values(), item["time"], item["cost"]]:
                texts += list(_strings(_phrase(value, phrases)))
            yield item, texts


def test_no_demo_procedure_promises_a_service_that_does_not_exist():
    broken = []
    for item, texts in _procedure_texts():
        for text in texts:
            folded = text.casefold()
            broken += [
                (item["slug"], what, text)
                for what, words in MISSING_SERVICES.items()
                if any(w in folded for w in words)
            ]
            if not item.get("service") and any(word in folded for word in ONLINE_WORDS):
                broken.append((item["slug"], "an online step without a service", text))
    assert broken == []


def test_demo_news_and_pages_do_not_promise_them_either():
    for name in ("news.json", "site.json", "phrases.json"):
        text = (FIXTURES / name).read_text(encoding="utf-8").casefold()
        for what, words in MISSING_SERVICES.items():
            assert not [w for w in words if w in text], (name, what)


def test_every_demo_service_is_registered_and_every_online_channel_has_one():
    for item, _texts in _procedure_texts():
        if "service" in item:
            assert online_services.get(item["service"]) is not None, item["slug"]
        assert ("online" in item["channels"]) == ("service" in item), item["slug"]


def test_the_portal_registers_its_services():
    codes = dict(online_services.choices())
    assert {"attestations", "changes", "claim", "payments", "career", "enrol"} <= set(codes)
    assert online_services.get("claim").path().endswith("/portal/claims/new/")
    assert online_services.get("") is None and online_services.get("appointments") is None


@pytest.mark.django_db
def test_a_procedure_with_a_service_shows_the_button_in_both_languages(client, tree):
    from tests.cms.conftest import translate

    page = tree.procedure(online_service="attestations")
    html = client.get(page.get_url()).content.decode()
    assert 'href="http://' in html or 'href="https://' in html
    assert f'{settings.SITE_URL}/fr/portal/attestations/"' in html
    assert "Faire la démarche en ligne" in html
    arabic = translate(page, title="شهادة الحياة")
    html = client.get(arabic.get_url()).content.decode()
    assert f'{settings.SITE_URL}/ar/portal/attestations/"' in html
    assert "ابدأ الإجراء عبر الإنترنت" in html


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "appointments"])
def test_no_button_when_unset_or_no_longer_registered(client, tree, code):
    page = tree.procedure()
    if code:  # a service withdrawn after the page was saved: written past the validation
        type(page).objects.filter(pk=page.pk).update(online_service=code)
    html = client.get(page.get_url()).content.decode()
    assert "data-online-service" not in html and "Faire la démarche en ligne" not in html
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["online_service"] is None


@pytest.mark.django_db
def test_the_content_api_gives_the_service_with_its_absolute_address(client, tree):
    page = tree.procedure(online_service="claim")
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["online_service"] == {
        "code": "claim",
        "label": "Déposer une réclamation",
        "url": f"{settings.SITE_URL}/fr/portal/claims/new/",
    }


@pytest.mark.django_db
def test_an_unknown_service_is_refused_and_nothing_is_saved(tree):
    page = tree.procedure()
    page.online_service = "appointments"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "online_service" in error.value.message_dict
    page.refresh_from_db()
    assert page.online_service == ""


@pytest.mark.django_db
def test_editors_choose_the_service_from_the_registered_list(admin_client, tree):
    page = tree.procedure()
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="online_service"' in html
    for code, _label in online_services.choices():
        assert f'value="{code}"' in html
