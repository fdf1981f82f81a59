"""What every page offers to find one's way: logo, icon, the fund's phone, the footer's pages, alerts' style."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cms.snippets import SiteAlert
from tests.cms.conftest import translate

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def stylesheets(html):
    """The text of every stylesheet the page links (from the static folder)."""
    return "".join(
        (STATIC / href.removeprefix(settings.STATIC_URL)).read_text(encoding="utf-8")
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    )


def test_the_footer_links_the_fund_pages_that_exist_in_the_language(client, tree, settings):
    settings.FUND_PHONE = "+212 5 37 00 00 00"
    fund = tree.standard()
    translate(fund, title="الصندوق")
    tree.standard(slug="accessibilite", title="Accessibilité")  # not translated: no Arabic link
    private = tree.standard(slug="donnees-personnelles", title="Données personnelles")
    private.unpublish()

    french = client.get("/fr/search/").content.decode()  # a page that is not a CMS page
    assert '<a href="/fr/la-caisse/">La Caisse</a>' in french
    assert '<a href="/fr/accessibilite/">Accessibilité</a>' in french
    assert "donnees-personnelles" not in french
    assert '<a href="/fr/verify/">' in french
    assert '<a href="/fr/transparency/">' in french
    assert '<a href="tel:+212537000000"><bdi dir="ltr">+212 5 37 00 00 00</bdi></a>' in french

    arabic = client.get("/ar/search/").content.decode()
    assert '<a href="/ar/la-caisse/">الصندوق</a>' in arabic
    assert "accessibilite" not in arabic
    assert '<a href="/ar/verify/">' in arabic


def test_every_page_has_the_logo_and_an_icon_served_by_the_site(client, tree):
    html = client.get("/fr/search/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert 'src="/static/img/logo.svg"' in html
    for name in ("favicon.svg", "logo.svg"):
        svg = (STATIC / "img" / name).read_text(encoding="utf-8")
        # No external fetch: the only URL in the file is the SVG namespace.
        assert re.findall(r"https?://[^\"']+", svg) == ["http://www.w3.org/2000/svg"]


def test_the_site_alert_is_styled_on_pages_outside_the_cms(client, tree):
    SiteAlert.objects.create(
        title="Paiement avancé",
        message="Le 22 décembre.",
        level="warning",
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        locale=tree.locales["fr"],
        live=True,
    )
    html = client.get("/fr/search/").content.decode()
    assert "site-alert-warning" in html
    assert ".site-alert-warning" in stylesheets(html)
