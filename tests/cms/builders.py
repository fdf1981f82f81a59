"""The one home of the page-tree builders the tests use, over the real cms page types.

``Tree`` (the cms tests' ``tree`` fixture) builds on the demo's locales, homes and
taxonomy and has a builder per page type; ``SiteBuilder`` (the search tests'
``site_builder`` fixture) builds its own minimal site, root included (transactional tests
flush the tables), and makes a page of any type from a title and a text. Both publish
through ``publish``/``translate``, so every page goes through Wagtail's real signals.
"""

import datetime

from wagtail.models import Locale, Page, Site

from cms.models import (
    Audience,
    Category,
    ContactPage,
    FaqPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureChannel,
    ProcedureIndexPage,
    ProcedurePage,
    RegionalOffice,
    StandardPage,
)
from demo import pages as demo


def publish(page):
    page.save_revision().publish()
    return page


def translate(page, language="ar", **fields):
    """The Arabic translation of a French page, published."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)


class Tree:
    """Home pages in both languages, the taxonomy, and builders for every page type."""

    def __init__(self):
        self.locales = demo.ensure_locales()
        self.homes = {
            code: Page.objects.get(pk=home.pk).specific for code, home in demo.ensure_home_pages(self.locales).items()
        }
        self.taxonomy = demo.ensure_taxonomy(self.locales)
        self.procedure_index = self._index(ProcedureIndexPage, "demarches", "Démarches", "الإجراءات")
        self.news_index = self._index(NewsIndexPage, "actualites", "Actualités", "المستجدات")

    def _index(self, model, slug, title_fr, title_ar):
        page = model(title=title_fr, slug=slug)
        self.homes["fr"].add_child(instance=page)
        publish(page)
        translate(page, title=title_ar)
        return page

    def category(self, slug="paiement", language="fr"):
        return self.taxonomy["categories"][slug][language]

    def audience(self, slug="retraites", language="fr"):
        return self.taxonomy["audiences"][slug][language]

    def procedure(self, slug="attestation-de-vie", title="Attestation de vie", live=True, **fields):
        page = ProcedurePage(
            title=title,
            slug=slug,
            summary=fields.pop("summary", "Prouver chaque année que l'on est en vie."),
            eligibility=fields.pop("eligibility", "<ul><li>Pensionnés résidant à l'étranger</li></ul>"),
            category=fields.pop("category", self.category()),
            documents_to_bring=[
                ("document", {"name": "Formulaire V1 signé", "details": "Par le consulat", "required": True})
            ],
            steps=[("step", {"title": "Faire signer le formulaire", "text": "Au consulat."})],
            processing_time="10 jours",
            cost="Gratuit",
            last_reviewed=datetime.date(2026, 11, 10),
            **fields,
        )
        page.audiences = [self.audience()]
        page.channels = [ProcedureChannel(kind="counter", details="Dans nos agences, du lundi au vendredi.")]
        self.procedure_index.add_child(instance=page)
        if live:
            publish(page)
        else:
            page.live = False
            page.save_revision()
            page.save()
        return page

    def news(self, slug="revalorisation", title="Revalorisation des pensions", **fields):
        fields.setdefault("body", [("paragraph", "<p>Aucune démarche n'est nécessaire.</p>")])
        page = NewsPage(
            title=title,
            slug=slug,
            date=datetime.date(2026, 1, 8),
            summary="Les pensions augmentent de 5 %.",
            category=self.category(),
            **fields,
        )
        self.news_index.add_child(instance=page)
        return publish(page)

    def faq(self):
        page = FaqPage(
            title="Questions fréquentes",
            slug="questions-frequentes",
            intro="Les réponses aux questions courantes.",
            themes=[
                (
                    "theme",
                    {
                        "theme": "Paiements",
                        "questions": [{"question": "Quand suis-je payé ?", "answer": "<p>Le 25 de chaque mois.</p>"}],
                    },
                )
            ],
        )
        self.homes["fr"].add_child(instance=page)
        return publish(page)

    def standard(self, slug="la-caisse", title="La Caisse"):
        page = StandardPage(title=title, slug=slug, intro="Qui sommes-nous.", body=[("heading", "Nos missions")])
        self.homes["fr"].add_child(instance=page)
        return publish(page)

    def contact(self):
        page = ContactPage(title="Nous contacter", slug="contact", intro="Centre d'appels 0801 00 20 26.")
        page.offices = [
            RegionalOffice(
                name="Agence Oujda",
                city="Oujda",
                address="21, boulevard Mohammed Derfoufi",
                opening_hours="Du lundi au vendredi, 8h30 – 16h30",
                phone="+212 536 68 31 70",
                latitude="34.681400",
                longitude="-1.908600",
            )
        ]
        self.homes["fr"].add_child(instance=page)
        return publish(page)


class SiteBuilder:
    """Creates published pages of the real cms types; every publish goes through the real signals."""

    def __init__(self):
        self.locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("fr", "ar")}
        # Transactional tests flush the tables, the tree's root included: recreate it as the migration does.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=self.locales["fr"])
        )
        french = HomePage(title="Accueil", slug="accueil", locale=self.locales["fr"])
        root.add_child(instance=french)
        french.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": french}
        )
        # The Arabic home is a translation of the French one, so its pages are served under /ar/.
        arabic = translate(french, "ar", title="الرئيسية")
        self.homes = {"fr": french, "ar": arabic}
        procedures = self._child(french, ProcedureIndexPage(title="Démarches", slug="demarches"), self.locales["fr"])
        news = self._child(french, NewsIndexPage(title="Actualités", slug="actualites"), self.locales["fr"])
        self.procedures = {"fr": procedures, "ar": self._translate(procedures, "الإجراءات")}
        self.news = {"fr": news, "ar": self._translate(news, "المستجدات")}
        self.categories, self.audiences = {}, {}

    def _translate(self, page, title):
        return translate(page, "ar", title=title)

    def _child(self, parent, page, locale):
        page.locale = locale
        parent.add_child(instance=page)
        return publish(page)

    def category(self, slug, name, language="fr"):
        key = (slug, language)
        if key not in self.categories:
            self.categories[key] = Category.objects.create(name=name, slug=slug, locale=self.locales[language])
        return self.categories[key]

    def audience(self, slug, name, language="fr"):
        key = (slug, language)
        if key not in self.audiences:
            self.audiences[key] = Audience.objects.create(name=name, slug=slug, locale=self.locales[language])
        return self.audiences[key]

    def page(self, kind, title, summary="", body="", *, language="fr", slug=None, category=None, audiences=()):
        locale = self.locales[language]
        paragraph = [("paragraph", f"<p>{body}</p>")] if body else []
        if kind == "procedure":
            page = ProcedurePage(title=title, summary=summary, eligibility=f"<p>{body}</p>")
            parent = self.procedures[language]
        elif kind == "news":
            page = NewsPage(title=title, summary=summary, body=paragraph)
            parent = self.news[language]
        elif kind == "faq":
            question = {"question": title, "answer": f"<p>{body}</p>"}
            page = FaqPage(title=title, intro=summary, themes=[("theme", {"theme": title, "questions": [question]})])
            parent = self.homes[language]
        elif kind == "contact":
            page = ContactPage(title=title, intro=summary, body=paragraph)
            parent = self.homes[language]
        else:
            page = StandardPage(title=title, intro=summary, body=paragraph)
            parent = self.homes[language]
        page.slug = slug or None
        if category is not None and hasattr(page, "category"):
            page.category = category
        page.locale = locale
        parent.add_child(instance=page)
        if audiences:
            page.audiences.set(audiences)
        page.save_revision().publish()
        return page
