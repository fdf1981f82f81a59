"""What a search returns, whichever engine answered: the page, the API and the relevance command read this."""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from cms.snippets import Audience, Category
from search import query, shared_tables

PAGE_SIZE = 10
MAX_PAGE = 100  # Elasticsearch's default result window is 10,000 hits
FACETS = ("kind", "category", "audience")
ELASTICSEARCH = "elasticsearch"
DATABASE = "database"

KIND_LABELS = {
    "procedure": _("Procedure"),
    "news": _("News"),
    "faq": _("Question and answer"),
    "standard": _("Page"),
    "contact": _("Contact"),
}


@dataclass
class SearchRequest:
    query: str
    language: str
    filters: dict = field(default_factory=dict)  # facet name -> selected value
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @cached_property
    def analysed(self):
        """The query analysed once for the whole request (search.query): engines never re-analyse it."""
        return query.analyse(self.query)


@dataclass
class Hit:
    """One result. Plain text for API clients (plain_title, summary); HTML for the page (title, snippet).

    title and snippet are the highlights: HTML-escaped text with <mark> around the matched words,
    safe to insert as HTML. plain_title and summary are the page's own text, unescaped.
    """

    page_id: int
    title: str  # HTML: escaped, with <mark> around matches
    url: str
    kind: str
    language: str
    snippet: str  # HTML, same rules as title
    plain_title: str = ""
    summary: str = ""
    category_label: str = ""
    date: str | None = None
    score: float = 0.0

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    request: SearchRequest
    backend: str
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)  # facet name -> [FacetValue]
    did_you_mean: str = ""
    promoted: list = field(default_factory=list)  # [Hit]

    @property
    def degraded(self):
        return self.backend != ELASTICSEARCH

    @property
    def pages(self):
        return min(MAX_PAGE, max(1, -(-self.total // self.request.page_size)))


def facet_values(language, counts, selected):
    """counts: facet -> {value: count}; labels are the categories' and audiences' names in the visitor's language."""
    labels = facet_labels(language)
    facets = {}
    for name in FACETS:
        values = []
        for value, count in sorted(counts.get(name, {}).items(), key=lambda item: (-item[1], item[0])):
            if not value:
                continue
            label = KIND_LABELS.get(value, value) if name == "kind" else labels[name].get(value, value)
            values.append(FacetValue(value, str(label), count, selected.get(name) == value))
        facets[name] = values
    return facets


LABELS_CACHE_KEY = "search:facet-labels:{language}"


def facet_labels(language):
    """{"category": {slug: name}, "audience": {slug: name}} in the language, cached until a snippet changes.

    A few dozen rows, read once per language instead of on every search (the facets of each
    search used to be labelled by reading every indexed page of the language).
    """
    return shared_tables.read(LABELS_CACHE_KEY.format(language=language), lambda: _facet_labels(language), None)


def _facet_labels(language):
    return {
        name: dict(model.objects.filter(locale__language_code=language).values_list("slug", "name"))
        for name, model in (("category", Category), ("audience", Audience))
    }


def forget_facet_labels(**kwargs):
    shared_tables.forget(*[LABELS_CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


for _model in (Category, Audience):
    post_save.connect(forget_facet_labels, sender=_model, dispatch_uid=f"search.results.saved.{_model.__name__}")
    post_delete.connect(forget_facet_labels, sender=_model, dispatch_uid=f"search.results.deleted.{_model.__name__}")
