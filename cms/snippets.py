"""Snippets shared by the page types: categories, audiences and the site-wide alert.

Categories and audiences are translatable (one row per language, linked by
translation_key) so the site, the API and search can show labels in the
reader's language while filtering on a stable slug.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import DraftStateMixin, RevisionMixin, TranslatableMixin


class Category(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Same value in every language: it is used by filters and search.")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class Audience(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Same value in every language: it is used by filters and search.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class SiteAlertQuerySet(models.QuerySet):
    def active(self, language_code, at=None):
        """Published alerts of this language whose period includes `at` (now by default)."""
        at = at or timezone.now()
        return self.filter(live=True, locale__language_code=language_code, starts_at__lte=at).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )


class SiteAlert(TranslatableMixin, DraftStateMixin, RevisionMixin, models.Model):
    """A short message shown at the top of every page while it is active (e.g. a moved payment date).

    Drafts and publishing go through revisions like pages, so Communications
    can prepare an alert and only Publishing can put it on the site.
    """

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Important")

    title = models.CharField(_("title"), max_length=160)
    message = models.TextField(_("message"), max_length=600)
    link_url = models.CharField(
        _("link"), max_length=300, blank=True, help_text=_("Optional: a page of this site (/fr/...) or a full address.")
    )
    link_text = models.CharField(_("link text"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True)

    objects = SiteAlertQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        FieldPanel("level"),
        FieldPanel("link_url"),
        FieldPanel("link_text"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
    ]
    api_fields = [APIField("title"), APIField("message"), APIField("level"), APIField("starts_at")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site alert")
        verbose_name_plural = _("site alerts")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})
        if self.link_text and not self.link_url:
            raise ValidationError({"link_url": _("Give the address the link text leads to.")})


def labels_for(objects):
    """(slugs, names) of categories or audiences, in a stable order."""
    objects = list(objects)
    return [o.slug for o in objects], [o.name for o in objects]
