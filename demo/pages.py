"""The demo's editorial content: pages in French and Arabic, categories, audiences, alerts, media.

The text itself lives in fixtures/cms/ (JSON), so that it can be read and
corrected without touching code. Every French page has its Arabic page as a
Wagtail translation (same translation_key). Loading again updates what exists
and creates what is missing; pages whose content did not change are not
re-published (no pile of identical revisions).
"""

import datetime
import json
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models.signals import post_save
from django.utils.dateparse import parse_datetime
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.models import (
    Association,
    AssociationDirectoryPage,
    ContactPage,
    FaqPage,
    FormsLibraryPage,
    HomeFeaturedProcedure,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureChannel,
    ProcedureForm,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureRelation,
    RegionalOffice,
    StandardPage,
)
from cms.snippets import Audience, Category, SiteAlert
from demo import media

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "cms"
# The fixtures hold every language of the site; the first (French) is the source of the translations.
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PROCEDURE_FILES = ("procedures-1.json", "procedures-2.json", "procedures-3.json")


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
    homes = {"fr": french}
    for code, locale in locales.items():
        if code != "fr":
            homes[code] = french.get_translation_or_none(locale) or french.copy_for_translation(locale)
    for code, home in homes.items():
        _publish_if_changed(home, title=data[code]["title"], intro=data[code]["intro"])
    # Wagtail's default "Welcome" page is replaced by ours.
    for stale in Page.objects.filter(depth=2).exclude(pk__in=[h.pk for h in homes.values()]).specific():
        if not isinstance(stale, HomePage):
            stale.delete()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = "localhost", 80, french, data["fr"]["title"]
    site.save()
    return homes


# --- helpers ----------------------------------------------------------------------


_VOLATILE = {
    "pk",
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
    "draft_title",
    "content_type",
    "owner",
    "locked",
    "locked_at",
    "locked_by",
    "go_live_at",
    "expire_at",
    "expired",
    "alias_of",
    "page_ptr",
    "translation_key",
}


def _normalised(value):
    """Serialised page data without ids (StreamField block ids, child rows' pks change on every assignment)."""
    if isinstance(value, str) and value.startswith(("[", "{")):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def _fingerprint(page):
    """What the demo controls on a page, to tell whether loading again changed anything."""
    return json.dumps(_normalised(page.serializable_data()), sort_keys=True, default=str)


def _publish_if_changed(page, **fields):
    """Set the fields (child relations and many-to-many included) and publish when something changed."""
    unchanged_before = page.live and not page.has_unpublished_changes and page.live_revision_id is not None
    before = _fingerprint(page) if unchanged_before else None
    for name, value in fields.items():
        setattr(page, name, value)
    if before is None or _fingerprint(page) != before:
        page.save_revision().publish()
    return page


def _translated(model, parents, slug, initial):
    """The French page `slug` under parents["fr"] and its translations, created when missing.

    `initial(code)` gives the fields a new page needs to be valid.
    """
    french = model.objects.child_of(parents["fr"]).filter(slug=slug).first()
    if french is None:
        french = model(slug=slug, **initial("fr"))
        parents["fr"].add_child(instance=french)
    pages = {"fr": french}
    for code in LANGUAGES[1:]:
        locale = parents[code].locale
        page = french.get_translation_or_none(locale)
        if page is None:
            page = french.copy_for_translation(locale)
            for name, value in initial(code).items():
                setattr(page, name, value)
            page.save()
        pages[code] = page
    return pages


def _phrase(value, phrases, code):
    """A fixture value: a key of phrases.json, or an inline {fr, ar} dict."""
    if isinstance(value, dict):
        return value[code]
    return phrases[value][code]


def _list_html(items):
    from django.utils.html import escape

    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _document_blocks(items):
    blocks = []
    for item in items:
        required = not item.startswith("?")
        name, _sep, details = item.lstrip("?").partition(" | ")
        blocks.append(("document", {"name": name.strip(), "details": details.strip(), "required": required}))
    return blocks


# --- taxonomy, alerts --------------------------------------------------------------


def ensure_taxonomy(locales):
    data = _read("taxonomy.json")
    result = {}
    for key, model in (("categories", Category), ("audiences", Audience)):
        result[key] = {}
        for item in data[key]:
            french, _created = model.objects.update_or_create(
                slug=item["slug"], locale=locales["fr"], defaults=_taxonomy_fields(model, item, "fr")
            )
            by_code = {"fr": french}
            for code in LANGUAGES[1:]:
                translation = french.get_translation_or_none(locales[code]) or french.copy_for_translation(
                    locales[code]
                )
                for name, value in _taxonomy_fields(model, item, code).items():
                    setattr(translation, name, value)
                translation.save()
                by_code[code] = translation
            result[key][item["slug"]] = by_code
    return result


def _taxonomy_fields(model, item, code):
    fields = {"name": item[code]}
    if model is Category:
        fields["description"] = item.get(f"description_{code}", "")
    return fields


def ensure_alerts(locales):
    for item in _read("site.json")["alerts"]:
        french = None
        for code in LANGUAGES:
            values = item[code]
            if french is None:
                alert = SiteAlert.objects.filter(locale=locales[code], title=values["title"]).first()
            else:
                alert = SiteAlert.objects.filter(locale=locales[code], translation_key=french.translation_key).first()
            if alert is None:
                alert = SiteAlert(locale=locales[code])
                if french is not None:
                    alert.translation_key = french.translation_key
            fields = {
                "title": values["title"],
                "message": values["message"],
                "link_text": values["link_text"],
                "link_url": f"/{code}/{item['link']}",
                "level": item["level"],
                "starts_at": parse_datetime(item["starts"]),
                "ends_at": parse_datetime(item["ends"]),
            }
            changed = alert.pk is None or any(getattr(alert, k) != v for k, v in fields.items())
            for name, value in fields.items():
                setattr(alert, name, value)
            if changed:
                alert.save()
                alert.save_revision().publish()
            french = french or alert


# --- pages -----------------------------------------------------------------------


class DemoSite:
    def __init__(self, locales, homes, taxonomy):
        self.locales, self.homes, self.taxonomy = locales, homes, taxonomy
        self.phrases = _read("phrases.json")
        self.site = _read("site.json")
        self.associations = _read("associations.json")
        self.counts = {}

    def _count(self, model, pages):
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(pages)

    def _category(self, slug, code):
        return self.taxonomy["categories"][slug][code] if slug else None

    def _audiences(self, slugs, code):
        return [self.taxonomy["audiences"][slug][code] for slug in slugs]

    def index_pages(self):
        sections = {}
        for key, model in (("procedures", ProcedureIndexPage), ("news", NewsIndexPage)):
            data = self.site["sections"][key]
            pages = _translated(model, self.homes, data["slug"], lambda code, d=data: {"title": d[code]["title"]})
            for code, page in pages.items():
                _publish_if_changed(page, title=data[code]["title"], intro=data[code]["intro"])
            sections[key] = pages
            self._count(model, pages)
        return sections

    def procedures(self, index):
        items = [item for name in PROCEDURE_FILES for item in _read(name)]

        def initial(item):
            return lambda code: {
                "title": item[code]["title"],
                "summary": item[code]["summary"],
                "eligibility": _list_html(item[code]["eligibility"]),
            }

        pages = {item["slug"]: _translated(ProcedurePage, index, item["slug"], initial(item)) for item in items}
        forms = {slug: media.ensure_form(slug, f["title"], f["fields"]) for slug, f in _read("forms.json").items()}
        for item in items:
            for code, page in pages[item["slug"]].items():
                self._fill_procedure(page, item, code, pages, forms)
        self._count(ProcedurePage, [p for by_code in pages.values() for p in by_code.values()])
        return items, pages

    def _fill_procedure(self, page, item, code, pages, forms):
        text = item[code]
        channels = [
            ProcedureChannel(kind=kind, details=_phrase(value, self.phrases, code), sort_order=i)
            for i, (kind, value) in enumerate(item["channels"].items())
        ]
        documents = [
            ProcedureForm(
                document=forms[slug], label=forms[slug].title.split(" / ")[0 if code == "fr" else 1], sort_order=i
            )
            for i, slug in enumerate(item["forms"])
        ]
        related = [ProcedureRelation(page=pages[slug][code], sort_order=i) for i, slug in enumerate(item["related"])]
        _publish_if_changed(
            page,
            audiences=self._audiences(item["audiences"], code),
            channels=channels,
            forms=documents,
            related_procedures=related,
            title=text["title"],
            summary=text["summary"],
            category=self._category(item["category"], code),
            eligibility=_list_html(text["eligibility"]),
            documents_to_bring=_document_blocks(text["documents"]),
            steps=[("step", {"title": title, "text": body}) for title, body in text["steps"]],
            processing_time=_phrase(item["time"], self.phrases, code),
            cost=_phrase(item["cost"], self.phrases, code),
            last_reviewed=datetime.date.fromisoformat(item["reviewed"]),
            # "Start online": a registered portal service (cms.online_services), or none.
            online_service=item.get("service", ""),
            # The box "Pensioners' associations can help you" (fixtures/cms/associations.json names the procedures).
            associations_help=item["slug"] in self.associations["procedures"],
        )

    def forms_library(self, index):
        """The forms library under the procedures (it lists the forms the procedures just received)."""
        data = self.site["sections"]["forms"]
        pages = _translated(FormsLibraryPage, index, data["slug"], lambda code: {"title": data[code]["title"]})
        for code, page in pages.items():
            _publish_if_changed(page, title=data[code]["title"], intro=data[code]["intro"])
        self._count(FormsLibraryPage, pages)

    def news(self, index):
        items = _read("news.json")
        all_pages = []
        for item in items:
            image = media.ensure_image(item["image"], f"Illustration – {item['image']}")

            def initial(code, item=item):
                return {
                    "title": item[code]["title"],
                    "summary": item[code]["summary"],
                    "date": datetime.date.fromisoformat(item["date"]),
                    "body": [("paragraph", f"<p>{p}</p>") for p in item[code]["body"]],
                }

            pages = _translated(NewsPage, index, item["slug"], initial)
            for code, page in pages.items():
                _publish_if_changed(
                    page,
                    **initial(code),
                    audiences=self._audiences(item["audiences"], code),
                    image=image,
                    image_alt=item[code]["alt"],
                    category=self._category(item["category"], code),
                )
            all_pages += pages.values()
        self._count(NewsPage, all_pages)

    def faq(self):
        data = self.site["faq"]
        pages = _translated(
            FaqPage,
            self.homes,
            data["slug"],
            lambda code: {"title": data[code]["title"], "themes": self._themes(data, code)},
        )
        for code, page in pages.items():
            _publish_if_changed(
                page,
                title=data[code]["title"],
                intro=data[code]["intro"],
                themes=self._themes(data, code),
                audiences=self._audiences(data["audiences"], code),
            )
        self._count(FaqPage, pages)

    @staticmethod
    def _themes(data, code):
        return [
            ("theme", {"theme": t["theme"], "questions": [{"question": q, "answer": a} for q, a in t["questions"]]})
            for t in data[code]["themes"]
        ]

    def standard_pages(self):
        for item in self.site["standard"]:
            pages = _translated(StandardPage, self.homes, item["slug"], lambda code, i=item: self._standard(i, code))
            for code, page in pages.items():
                _publish_if_changed(page, intro=item[code]["intro"], **self._standard(item, code))
            self._count(StandardPage, pages)

    @staticmethod
    def _standard(item, code):
        return {"title": item[code]["title"], "body": [(kind, value) for kind, value in item[code]["body"]]}

    def contact_pages(self):
        data = self.site["contact"]
        main = _translated(ContactPage, self.homes, data["slug"], lambda code: {"title": data[code]["title"]})
        self._fill_contact(main, data)
        for region in data["regions"]:
            pages = _translated(ContactPage, main, region["slug"], lambda code, r=region: {"title": r[code]["title"]})
            self._fill_contact(pages, region)

    def _fill_contact(self, pages, data):
        for code, page in pages.items():
            offices = [
                RegionalOffice(
                    name=o[code]["name"],
                    city=o[code]["city"],
                    address=o[code]["address"],
                    opening_hours=o[code]["hours"],
                    phone=o["phone"],
                    email=o["email"],
                    latitude=Decimal(f"{o['lat']:.6f}"),
                    longitude=Decimal(f"{o['lon']:.6f}"),
                    sort_order=i,
                )
                for i, o in enumerate(data["offices"])
            ]
            _publish_if_changed(page, title=data[code]["title"], intro=data[code]["intro"], offices=offices)
        self._count(ContactPage, pages)

    def association_directory(self):
        """The directory of pensioners' associations under each home page (fictitious names, example.org contacts)."""
        data = self.associations
        pages = _translated(
            AssociationDirectoryPage, self.homes, data["slug"], lambda code: {"title": data[code]["title"]}
        )
        for code, page in pages.items():
            rows = [
                Association(
                    name=item[code]["name"],
                    region=item["region"],
                    city=item[code]["city"],
                    description=item[code]["description"],
                    address=item[code]["address"],
                    languages=item["languages"],
                    phone=item["phone"],
                    email=item["email"],
                    website=item["website"],
                    sort_order=i,
                )
                for i, item in enumerate(data["associations"])
            ]
            _publish_if_changed(page, title=data[code]["title"], intro=data[code]["intro"], associations=rows)
        self._count(AssociationDirectoryPage, pages)
        return pages

    def featured(self, items, procedure_pages):
        featured = [item["slug"] for item in items if item.get("featured")]
        for code, home in self.homes.items():
            featured_pages = [
                HomeFeaturedProcedure(page=procedure_pages[slug][code], sort_order=i) for i, slug in enumerate(featured)
            ]
            # Fetched again: the instance in hand predates its children (a stale numchild would hide them).
            _publish_if_changed(HomePage.objects.get(pk=home.pk), featured_procedures=featured_pages[:8])


@contextmanager
def _index_once_at_the_end():
    """Wagtail updates its reference index and its search index after every save (a page is saved four or
    five times while it is created, translated and published). For a bulk load, do it once per object at
    the end instead: it divides the loading time by two. Only for this command, never in a running site.
    """
    indexed = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in indexed:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in indexed:
            post_save.connect(post_save_signal_handler, sender=model)
    for page in Page.objects.filter(depth__gte=2).specific().iterator(chunk_size=100):
        ReferenceIndex.create_or_update_for_object(page)
        search_index.insert_or_update_object(page)


def load():
    """Create or update every demo page; returns the number of pages of the site."""
    with _index_once_at_the_end():
        return _load()


def _load():
    locales = ensure_locales()
    homes = ensure_home_pages(locales)
    taxonomy = ensure_taxonomy(locales)
    site = DemoSite(locales, homes, taxonomy)
    sections = site.index_pages()
    items, procedure_pages = site.procedures(sections["procedures"])
    site.forms_library(sections["procedures"])
    site.news(sections["news"])
    site.faq()
    site.contact_pages()
    site.standard_pages()
    site.association_directory()
    site.featured(items, procedure_pages)
    ensure_alerts(locales)
    return Page.objects.filter(depth__gte=2).count()
