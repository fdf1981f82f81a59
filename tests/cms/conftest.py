"""Small page trees for the editorial tests (the full demo is loaded only where a test needs it)."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from cms import demo
from cms.models import (
    ContactPage,
    FaqPage,
    NewsIndexPage,
    NewsPage,
    ProcedureChannel,
    ProcedureIndexPage,
    ProcedurePage,
    RegionalOffice,
    StandardPage,
)


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


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())
