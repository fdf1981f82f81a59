"""What search keeps in the database: editors' settings, analytics, and the fallback's copy of the index."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search import analysis


class Synonym(models.Model):
    """A group of equivalent words or phrases, expanded at query time (no rebuild needed)."""

    terms = models.CharField(
        _("equivalent terms"),
        max_length=500,
        help_text=_("Words or phrases that mean the same, separated by commas, e.g. retraite, pension, التقاعد"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def phrases(self):
        return [phrase.strip() for phrase in self.terms.split(",") if phrase.strip()]


class PromotedResult(models.Model):
    """A page shown first for a query, whatever the ranking says."""

    query = models.CharField(
        _("query"), max_length=200, help_text=_("Matches any search with the same words, accents and case aside.")
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    query_terms = models.CharField(max_length=400, editable=False, db_index=True)

    panels = [FieldPanel("query"), FieldPanel("page"), FieldPanel("position")]

    class Meta:
        verbose_name = _("promoted result")
        verbose_name_plural = _("promoted results")
        ordering = ["query_terms", "position"]

    def __str__(self):
        return f"{self.query} → {self.page}"

    def save(self, *args, **kwargs):
        self.query_terms = promoted_key(self.query)
        super().save(*args, **kwargs)


def promoted_key(query):
    """The words of a query, analysed and sorted: 'Attestation de pension' == 'pension attestations'."""
    return terms_key(analysis.analyze(query))


def terms_key(terms):
    """promoted_key of a query already analysed (search.query.AnalysedQuery.terms)."""
    return " ".join(sorted(set(terms)))[:400]


class QueryLog(models.Model):
    """One search, stored without personal data (see search.privacy and search.query_log)."""

    query = models.CharField(max_length=200, db_index=True)
    language = models.CharField(max_length=8)
    results = models.PositiveIntegerField()
    backend = models.CharField(max_length=16)
    # A keyed hash of the client address (never the address): lets the report count distinct visitors.
    visitor = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self):
        return self.query


class PersonName(models.Model):
    """A word of a member's first or last name (Latin or Arabic), folded: stripped from logged queries.

    Filled from portal.Member by search.privacy.refresh_names (`manage.py search_index names`,
    nightly) and on every member save; holds words only, never which member they belong to.
    """

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self):
        return self.word


class ResultClick(models.Model):
    """A click on a result, recorded by the redirect in search.views.click."""

    query = models.CharField(max_length=200, db_index=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.query} → {self.page_id}"


class IndexedDocument(models.Model):
    """The columns of a search document's analysed copy, shared by pages and FAQ questions (same names in both)."""

    language = models.CharField(max_length=8, db_index=True)
    kind = models.CharField(max_length=20, db_index=True)
    category = models.CharField(max_length=100, blank=True)
    category_label = models.CharField(max_length=255, blank=True)
    audiences = models.JSONField(default=list)
    audience_labels = models.JSONField(default=list)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True)
    title_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    checksum = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class IndexedPage(IndexedDocument):
    """The analysed copy of a public page: what the database fallback searches when Elasticsearch is away.

    Written by the same task that writes the Elasticsearch document, before it,
    so the fallback stays current even while Elasticsearch is down.
    """

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", primary_key=True)


class IndexedQuestion(IndexedDocument):
    """The analysed copy of one question of a public FAQ page (search.page_documents.question_documents).

    Rewritten with its page's documents; goes with the page (deleted, unpublished, restricted).
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    anchor = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "anchor"], name="search_question_unique_anchor")]
