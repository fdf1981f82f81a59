"""Demo content for trying the site: pages in French and Arabic, editorial accounts.

The text itself lives in fixtures/ (JSON), so that it can be read and
corrected without touching code.
"""

import json
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale, Page, Site

from cms.models import HomePage

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "cms"


def _read(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}


def ensure_home_pages(locales):
    """One home page per language, all translations of each other, the French one as the site root."""
    data = _read("home.json")
    root = Page.get_first_root_node()
    french = HomePage.objects.filter(locale=locales["fr"]).first()
    if french is None:
        french = HomePage(title=data["fr"]["title"], slug="accueil", intro=data["fr"]["intro"], locale=locales["fr"])
        root.add_child(instance=french)
    else:
        french.title, french.intro = data["fr"]["title"], data["fr"]["intro"]
    french.save_revision().publish()
    homes = {"fr": french}
    for code, locale in locales.items():
        if code == "fr":
            continue
        home = french.get_translation_or_none(locale)
        if home is None:
            home = french.copy_for_translation(locale)
        home.title, home.intro = data[code]["title"], data[code]["intro"]
        home.save_revision().publish()
        homes[code] = home
    # Wagtail's default "Welcome" page is replaced by ours.
    for stale in Page.objects.filter(depth=2).exclude(pk__in=[h.pk for h in homes.values()]).specific():
        if not isinstance(stale, HomePage):
            stale.delete()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = "localhost", 80, french, data["fr"]["title"]
    site.save()
    return homes


def load():
    from cms import demo_accounts

    locales = ensure_locales()
    homes = ensure_home_pages(locales)
    accounts = demo_accounts.ensure_editorial_accounts()
    lines = [f"Home pages: {', '.join(sorted(homes))}"]
    lines += [f"Account {email} / {password} ({role})" for role, email, password in accounts]
    return lines
