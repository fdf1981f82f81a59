"""Page types of the editorial site.

Structured fields (summary, category, audiences, eligibility, documents,
steps, channels, dates...) are what the site, search and the API rely on;
StreamField bodies are where editors compose freely.
"""

from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from cms import faq, fragments, online_services, text
from cms.api_fields import (
    CategoryField,
    FormsLibraryField,
    OnlineServiceField,
    TaxonomyListField,
    TranslationsField,
    absolute_url,
    public_url,
)
from cms.blocks import BodyBlock, DocumentToBringBlock, StepBlock, ThemeBlock
from cms.page_cache import CachedPageMixin
from cms.search_contract import SearchContent
from cms.snippets import Audience, Category, SiteAlert, labels_for
from cms.visibility import is_expired, public_pages

__all__ = [
    "Association",
    "AssociationDirectoryPage",
    "Audience",
    "Category",
    "ContactPage",
    "FaqPage",
    "FormsLibraryPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "ProcedureIndexPage",
    "ProcedurePage",
    "SiteAlert",
    "StandardPage",
]

LISTING_PAGE_SIZE = 12


def visible_in_order(model, ids, locale_id=None):
    """The visible pages among `ids`, in the order given (editors order featured and related pages)."""
    ids = list(ids)
    queryset = public_pages(model.objects.filter(pk__in=ids)).select_related("category")
    if locale_id is not None:
        queryset = queryset.filter(locale_id=locale_id)
    pages = queryset.in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


def _sources_sql(count):
    """The pages at `count` paths, each alias replaced by the end of its chain of sources (recursive SQL:
    PostgreSQL and SQLite alike). Built from the table's quoted name and placeholders only: the paths are
    parameters (hence the "noqa: S608, S611": ruff cannot tell a quoted identifier from a value)."""
    table = connection.ops.quote_name(Page._meta.db_table)
    paths = ", ".join(["%s"] * count)
    return (
        f"WITH RECURSIVE chain (id, alias_of_id) AS ("  # noqa: S608
        f"SELECT id, alias_of_id FROM {table} WHERE path IN ({paths}) "
        f"UNION SELECT source.id, source.alias_of_id FROM {table} source JOIN chain ON source.id = chain.alias_of_id"
        f") SELECT id FROM chain WHERE alias_of_id IS NULL"
    )


class SitePage(CachedPageMixin, Page):
    """Behaviour shared by every page type of the site (abstract); anonymous visits are cached."""

    class Meta:
        abstract = True

    def route(self, request, path_components):
        # An expired page stays "live" until `publish_scheduled` runs; visitors must not see it meanwhile.
        if not path_components and is_expired(self):
            raise Http404
        return super().route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's restrictions of the page and its ancestors, in one query instead of two (every page served
        asks: its `serve` hook and the page cache).

        Wagtail reads the ancestors first, then their restrictions. The ancestors are the prefixes of the page's
        path, so one query does: an alias (the page or an ancestor) counts with the restrictions of the page it
        is an alias of, followed to the end of the chain as Wagtail does, never with its own.
        """
        if not self.path:
            return super().get_view_restrictions()
        prefixes = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        sources = RawSQL(_sources_sql(len(prefixes)), prefixes)  # noqa: S611
        return PageViewRestriction.objects.filter(page_id__in=sources)

    def translations_for_api(self):
        pages = public_pages(self.get_translations()).select_related("locale")
        return [
            {"id": p.pk, "locale": p.locale.language_code, "title": p.title, "html_url": public_url(p)} for p in pages
        ]


def category_field():
    return models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class TaxonomyMixin:
    """Pages with a `category` and `audiences`; the labels given are those of the page's own language."""

    def taxonomy(self):
        """The taxonomy part of the page's SearchContent (cms.search_contract)."""
        audiences = list(self.audiences.all())
        audience_slugs, audience_labels = labels_for(audiences)
        return {
            "category": self.category.slug if self.category else "",
            "category_label": self.category.name if self.category else "",
            "audiences": audience_slugs,
            "audience_labels": audience_labels,
        }


# --- Home -------------------------------------------------------------------------


class HomePage(SitePage):
    """The root of each language's tree."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_procedures", label=_("Featured procedures"), max_num=8),
    ]
    api_fields = [APIField("intro"), APIField("featured_procedures")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        context["featured_procedures"] = visible_in_order(
            ProcedurePage, self.featured_procedures.values_list("page_id", flat=True)
        )
        context["latest_news"] = list(
            public_pages(NewsPage.objects.filter(locale=self.locale))
            .order_by("-date", "-pk")
            .select_related("image")
            .prefetch_related("image__renditions")[:4]
        )
        context["audiences"] = Audience.objects.filter(locale__language_code=language)
        context["procedure_index"] = public_pages(ProcedureIndexPage.objects.filter(locale=self.locale)).first()
        context["news_index"] = public_pages(NewsIndexPage.objects.filter(locale=self.locale)).first()
        return context


class HomeFeaturedProcedure(Orderable):
    home = ParentalKey(HomePage, related_name="featured_procedures", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "cms.ProcedurePage", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]
    api_fields = [APIField("page")]


# --- Procedures -------------------------------------------------------------------


class ProcedureIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProcedurePage", "cms.FormsLibraryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("procedure index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        procedures = (
            public_pages(ProcedurePage.objects.child_of(self))
            .select_related("category")
            .prefetch_related("audiences")
            .order_by("category__name", "title")
        )
        categories = Category.objects.filter(locale=self.locale)
        audiences = Audience.objects.filter(locale=self.locale)
        selected_category = request.GET.get("category", "")
        selected_audience = request.GET.get("audience", "")
        if selected_category:
            procedures = procedures.filter(category__slug=selected_category)
        if selected_audience:
            procedures = procedures.filter(audiences__slug=selected_audience).distinct()
        context.update(
            procedures=procedures,
            categories=categories,
            audiences=audiences,
            selected_category=selected_category,
            selected_audience=selected_audience,
        )
        return context


class ProcedurePage(SitePage, TaxonomyMixin):
    category = category_field()
    summary = models.TextField(_("summary"), max_length=600)
    audiences = ParentalManyToManyField(Audience, verbose_name=_("audiences"), blank=True, related_name="+")
    eligibility = RichTextField(_("who is eligible"), features=["bold", "italic", "ul", "ol", "link"])
    documents_to_bring = StreamField(
        [("document", DocumentToBringBlock())], verbose_name=_("documents to bring"), blank=True
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps"), blank=True)
    processing_time = models.CharField(_("processing time"), max_length=160, blank=True)
    cost = models.CharField(_("cost"), max_length=160, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("more information"), blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    # A code of cms.online_services (chosen from the registered portal services, never a free URL):
    # the page promises only a service that exists.
    online_service = models.CharField(
        _("start online"),
        max_length=40,
        blank=True,
        choices=online_services.choices,
        help_text=_("The portal service that does this procedure online. Leave empty if there is none."),
    )
    # Ticked by the editor: the page then shows a box linking to the associations' directory of its language.
    associations_help = models.BooleanField(
        _("pensioners' associations help with this procedure"),
        default=False,
        help_text=_("Shows a box “Pensioners' associations can help you” linking to the directory of associations."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("audiences", widget=CheckboxSelectMultiple)],
            heading=_("Classification"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("documents_to_bring"),
        FieldPanel("steps"),
        FieldRowPanel([FieldPanel("processing_time"), FieldPanel("cost")]),
        FieldPanel("online_service"),
        FieldPanel("associations_help"),
        InlinePanel("channels", label=_("Channels"), max_num=4),
        InlinePanel("forms", label=_("Downloadable forms")),
        FieldPanel("body"),
        InlinePanel("related_procedures", label=_("Related procedures"), max_num=6),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("eligibility")]
    api_fields = [
        APIField("summary"),
        APIField("category", serializer=CategoryField()),
        APIField("audiences", serializer=TaxonomyListField()),
        APIField("eligibility"),
        APIField("documents_to_bring"),
        APIField("steps"),
        APIField("processing_time"),
        APIField("cost"),
        APIField("channels"),
        APIField("forms"),
        APIField("body"),
        APIField("related_procedures"),
        APIField("last_reviewed"),
        APIField("online_service", serializer=OnlineServiceField(source="online_service_link")),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the page shows besides its own row, kept per page (cms.fragments): the same publication,
        # move, deletion and snippet signals that empty the page cache empty it. See tests/cms/test_queries.py.
        # A preview shows a draft's own relations: never kept, never read from what the live page keeps.
        if getattr(request, "is_preview", False):
            shown = self._shown_around()
        else:
            shown = fragments.remember("procedure", self.pk, compute=self._shown_around)
        context.update({name: value for name, value in shown.items() if name != "category"})
        self.category = shown["category"]
        # A related page past its expiry while kept: gone at once, not when `publish_scheduled` next runs.
        context["related"] = [page for page in shown["related"] if not is_expired(page)]
        context["online_service"] = self.online_service_link()
        return context

    def _shown_around(self):
        # One query per relation (instead of one per row) keeps a miss cheap.
        return {
            "category": self.category,
            "channels": list(self.channels.all()),
            "forms": [f for f in self.forms.select_related("document") if f.document_id],
            "related": visible_in_order(
                ProcedurePage, self.related_procedures.values_list("page_id", flat=True), locale_id=self.locale_id
            ),
            "audience_list": list(self.audiences.all()),
            "associations_page": (
                AssociationDirectoryPage.for_locale(self.locale_id) if self.associations_help else None
            ),
        }

    def online_service_link(self):
        """The "Start online" service as {code, label, url} in the page's language, or None when the page
        has none or its service was withdrawn since (the page then promises nothing)."""
        service = online_services.get(self.online_service)
        if service is None:
            return None
        with translation.override(self.locale.language_code):
            url = service.absolute_url()
            label = str(service.label)
        return {"code": service.code, "label": label, "url": url} if url else None

    def search_content(self):
        channels = "\n".join(f"{c.get_kind_display()}: {c.details}" for c in self.channels.all())
        # The downloadable forms' names: a visitor searching for "formulaire P1" finds the procedure offering it.
        forms = "\n".join(f.display_label for f in self.forms.select_related("document") if f.document_id)
        return SearchContent(
            kind="procedure",
            summary=self.summary,
            body=text.join_text(
                text.html_text(self.eligibility),
                text.stream_text(self.documents_to_bring),
                text.stream_text(self.steps),
                self.processing_time,
                self.cost,
                channels,
                forms,
                text.stream_text(self.body),
            ),
            date=self.last_reviewed,
            **self.taxonomy(),
        )


class ProcedureChannel(Orderable):
    class Kind(models.TextChoices):
        ONLINE = "online", _("Online")
        COUNTER = "counter", _("At a counter")
        MAIL = "mail", _("By mail")
        PHONE = "phone", _("By phone")

    procedure = ParentalKey(ProcedurePage, related_name="channels", on_delete=models.CASCADE)
    kind = models.CharField(_("channel"), max_length=10, choices=Kind.choices)
    details = models.TextField(_("details"))
    link_url = models.CharField(_("link"), max_length=300, blank=True)

    panels = [FieldPanel("kind"), FieldPanel("details"), FieldPanel("link_url")]
    api_fields = [APIField("kind"), APIField("details"), APIField("link_url")]

    class Meta(Orderable.Meta):
        verbose_name = _("channel")


class ProcedureForm(Orderable):
    procedure = ParentalKey(ProcedurePage, related_name="forms", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("label"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]
    api_fields = [APIField("document"), APIField("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("form")

    @property
    def display_label(self):
        return self.label or self.document.title


class FormsLibraryPage(SitePage):
    """Every downloadable form of the fund in one place, grouped by category, with the procedures using it.

    Nothing is entered twice: the list is read from the forms attached to the visible procedures of the
    page's language (ProcedureForm), so a form added to a procedure appears here, and one no procedure
    offers any more disappears.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [
        APIField("intro"),
        APIField("forms", serializer=FormsLibraryField(source="forms_for_api")),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.ProcedureIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forms library")

    def library(self, request=None):
        """[(category or None, [LibraryForm, ...])]: categories by name ("other forms" last), forms by title."""
        procedures = public_pages(ProcedurePage.objects.filter(locale_id=self.locale_id))
        rows = (
            ProcedureForm.objects.filter(procedure_id__in=procedures.values("pk"))
            .select_related("document", "procedure__category")
            .order_by("procedure__title", "sort_order")
        )
        forms = {}
        for row in rows:
            entry = forms.setdefault(row.document_id, LibraryForm(document=row.document, title=row.display_label))
            if row.procedure not in entry.procedures:
                entry.procedures.append(row.procedure)
        groups = {}
        for entry in forms.values():
            groups.setdefault(entry.category(), []).append(entry)
        ordered = sorted(groups.items(), key=lambda group: (group[0] is None, group[0].name if group[0] else ""))
        return [(category, sorted(entries, key=lambda e: e.title.casefold())) for category, entries in ordered]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.library()
        return context

    def forms_for_api(self):
        return [
            {
                "category": category.name if category else None,
                "title": entry.title,
                "url": absolute_url(entry.document.url),
                "file_type": entry.document.file_extension.upper(),
                "file_size": entry.document.file_size,
                "procedures": [{"id": p.pk, "title": p.title, "html_url": public_url(p)} for p in entry.procedures],
            }
            for category, entries in self.library()
            for entry in entries
        ]

    def search_content(self):
        # Each form's title and the procedures using it: searching for "formulaire P1" finds this page.
        lines = [
            f"{entry.title} ({', '.join(p.title for p in entry.procedures)})"
            for _category, entries in self.library()
            for entry in entries
        ]
        return SearchContent(kind="standard", summary=self.intro, body="\n".join(lines))


@dataclass
class LibraryForm:
    """One form of the library: the document, its title in the page's language, the procedures offering it."""

    document: object
    title: str
    procedures: list = field(default_factory=list)

    def category(self):
        """The category most of its procedures share (the earliest by name on a tie); None if they have none."""
        counts = Counter(p.category for p in self.procedures if p.category_id)
        if not counts:
            return None
        return min(counts, key=lambda category: (-counts[category], category.name))


class ProcedureRelation(Orderable):
    procedure = ParentalKey(ProcedurePage, related_name="related_procedures", on_delete=models.CASCADE)
    page = models.ForeignKey(ProcedurePage, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("page")]
    api_fields = [APIField("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related procedure")


# --- News -------------------------------------------------------------------------


class NewsIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        # Prefetched renditions spare one cache lookup per image and size (see tests/cms/test_queries.py).
        news = (
            public_pages(NewsPage.objects.child_of(self))
            .select_related("image", "category")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")
        )
        context["news_page"] = Paginator(news, LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class NewsPage(SitePage, TaxonomyMixin):
    category = category_field()
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), max_length=600)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    audiences = ParentalManyToManyField(Audience, verbose_name=_("audiences"), blank=True, related_name="+")
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("audiences", widget=CheckboxSelectMultiple)],
            heading=_("Classification"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("date")]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("image"),
        APIField("image_alt"),
        APIField("image_rendition", serializer=ImageRenditionField("fill-960x540", source="image")),
        APIField("image_thumbnail", serializer=ImageRenditionField("fill-480x270", source="image")),
        APIField("category", serializer=CategoryField()),
        APIField("audiences", serializer=TaxonomyListField()),
        APIField("body"),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.image_id:
            # With its renditions prefetched: no cache round trip per srcset size.
            context["image"] = get_image_model().objects.prefetch_related("renditions").get(pk=self.image_id)
        return context

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})

    def search_content(self):
        return SearchContent(
            kind="news", summary=self.summary, body=text.stream_text(self.body), date=self.date, **self.taxonomy()
        )


# --- FAQ, standard and contact pages -------------------------------------------------


class FaqPage(SitePage, TaxonomyMixin):
    category = category_field()
    intro = models.TextField(_("introduction"), blank=True)
    audiences = ParentalManyToManyField(Audience, verbose_name=_("audiences"), blank=True, related_name="+")
    themes = StreamField([("theme", ThemeBlock())], verbose_name=_("questions by theme"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("audiences", widget=CheckboxSelectMultiple)],
            heading=_("Classification"),
        ),
        FieldPanel("themes"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("category", serializer=CategoryField()),
        APIField("audiences", serializer=TaxonomyListField()),
        APIField("themes"),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("FAQ page")

    def search_content(self):
        return SearchContent(kind="faq", summary=self.intro, body=text.stream_text(self.themes), **self.taxonomy())

    def faq_themes(self):
        """The themes with their questions and anchors (cms.faq): the page and search use the same anchors."""
        return faq.themes(self)


class StandardPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage", "cms.FaqPage"]

    class Meta:
        verbose_name = _("standard page")

    def search_content(self):
        return SearchContent(kind="standard", summary=self.intro, body=text.stream_text(self.body))


class ContactPage(SitePage):
    """The general contact page, and one page per region listing its offices."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("offices", label=_("Offices")),
        FieldPanel("body"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("offices"),
        APIField("body"),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.HomePage", "cms.ContactPage"]
    subpage_types = ["cms.ContactPage"]

    class Meta:
        verbose_name = _("contact page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["offices"] = list(self.offices.all())
        context["regions"] = list(
            public_pages(ContactPage.objects.child_of(self)).prefetch_related(
                Prefetch("offices", queryset=RegionalOffice.objects.order_by("sort_order"))
            )
        )
        return context

    def search_content(self):
        # The office cards as the page shows them, labels included in the page's language: someone looking
        # for the fund's phone types "téléphone" / "الهاتف", which only the label holds.
        with translation.override(self.locale.language_code):
            offices = "\n".join(office.as_text() for office in self.offices.all())
        body = text.join_text(offices, text.stream_text(self.body))
        return SearchContent(kind="contact", summary=self.intro, body=body)


class RegionalOffice(Orderable):
    page = ParentalKey(ContactPage, related_name="offices", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    city = models.CharField(_("city"), max_length=80)
    address = models.TextField(_("address"))
    opening_hours = models.TextField(_("opening hours"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("city"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]
    api_fields = [
        APIField("name"),
        APIField("city"),
        APIField("address"),
        APIField("opening_hours"),
        APIField("phone"),
        APIField("email"),
        APIField("latitude"),
        APIField("longitude"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("office")

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError({"latitude": _("A latitude lies between -90 and 90.")})
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError({"longitude": _("A longitude lies between -180 and 180.")})

    def as_text(self):
        """The card's text, with the labels templates/cms/includes/office.html shows (in the active language)."""
        return text.join_text(
            self.name,
            self.city,
            self.address,
            self.opening_hours,
            self.phone and f"{_('Phone')} {self.phone}",
            self.email and f"{_('E-mail')} {self.email}",
        )

    @property
    def map_url(self):
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=16/{self.latitude}/{self.longitude}"


# --- Pensioners' associations ----------------------------------------------------------


class Region(models.TextChoices):
    """Morocco's twelve regions (2015 division), and abroad for the associations of pensioners living there."""

    TANGIER = "tanger-tetouan-al-hoceima", _("Tangier-Tetouan-Al Hoceima")
    ORIENTAL = "oriental", _("Oriental")
    FES = "fes-meknes", _("Fez-Meknes")
    RABAT = "rabat-sale-kenitra", _("Rabat-Sale-Kenitra")
    BENI_MELLAL = "beni-mellal-khenifra", _("Beni Mellal-Khenifra")
    CASABLANCA = "casablanca-settat", _("Casablanca-Settat")
    MARRAKESH = "marrakech-safi", _("Marrakesh-Safi")
    DRAA = "draa-tafilalet", _("Draa-Tafilalet")
    SOUSS = "souss-massa", _("Souss-Massa")
    GUELMIM = "guelmim-oued-noun", _("Guelmim-Oued Noun")
    LAAYOUNE = "laayoune-sakia-el-hamra", _("Laayoune-Sakia El Hamra")
    DAKHLA = "dakhla-oued-ed-dahab", _("Dakhla-Oued Ed-Dahab")
    ABROAD = "abroad", _("Abroad")


class SpokenLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    DARIJA = "darija", _("Darija (Moroccan Arabic)")
    AMAZIGH = "amazigh", _("Amazigh")
    HASSANIYA = "hassaniya", _("Hassaniya")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")


class SpokenLanguagesField(models.JSONField):
    """A list of SpokenLanguage codes, edited as checkboxes.

    A JSON list rather than a PostgreSQL array or a table: the rows are copied with the page when an
    editor translates it, and an editor ticks boxes instead of typing codes.
    """

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=SpokenLanguage.choices,
            widget=CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class AssociationDirectoryPage(SitePage):
    """The directory of pensioners' associations, in each language, with a filter by region.

    One page whose associations are rows edited in place (like a contact page's offices): an editor
    adds or corrects an association without creating a page per association, the whole list goes
    through the review workflow as one change, and a translation copies every row at once.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("associations", label=_("Associations")),
    ]
    api_fields = [
        APIField("intro"),
        APIField("associations"),
        APIField("translations", serializer=TranslationsField(source="translations_for_api")),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("directory of pensioners' associations")

    @classmethod
    def for_locale(cls, locale_id):
        """The visible directory of that language (the footer and the procedures link to it), or None."""
        return public_pages(cls.objects.filter(locale_id=locale_id)).order_by("path").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        associations = list(self.associations.all())
        present = {association.region for association in associations}
        selected = request.GET.get("region", "")
        if selected not in present:  # unknown or empty region: the whole list, never an error page
            selected = ""
        context.update(
            associations=[a for a in associations if not selected or a.region == selected],
            regions=[(value, label) for value, label in Region.choices if value in present],
            selected_region=selected,
            total=len(associations),
        )
        return context

    def search_content(self):
        # Names, regions (in the page's language), towns and languages: "association retraités Souss" finds it.
        with translation.override(self.locale.language_code):
            body = "\n".join(association.as_text() for association in self.associations.all())
        return SearchContent(kind="contact", summary=self.intro, body=body)


class Association(Orderable):
    page = ParentalKey(AssociationDirectoryPage, related_name="associations", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    city = models.CharField(_("city"), max_length=80, blank=True)
    description = models.TextField(_("what it does"), max_length=600, blank=True)
    languages = SpokenLanguagesField(_("languages spoken"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("city")]),
        FieldPanel("description"),
        FieldPanel("languages"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("address"),
        FieldPanel("website"),
    ]
    api_fields = [
        APIField("name"),
        APIField("region"),
        APIField("city"),
        APIField("description"),
        APIField("languages"),
        APIField("phone"),
        APIField("email"),
        APIField("address"),
        APIField("website"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("association")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not (self.phone or self.email or self.address or self.website):
            raise ValidationError(_("Give at least one way to reach the association."))

    def language_labels(self):
        """The languages spoken, in the order of SpokenLanguage, in the active language."""
        chosen = set(self.languages or ())
        return [str(label) for value, label in SpokenLanguage.choices if value in chosen]

    def as_text(self):
        return text.join_text(
            self.name,
            str(self.get_region_display()),
            self.city,
            self.description,
            ", ".join(self.language_labels()),
            self.address,
        )
