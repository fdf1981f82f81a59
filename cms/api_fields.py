"""Serializer fields for the content API: taxonomy as {slug, name}, translations and page addresses as links."""

from django.conf import settings
from django.urls import NoReverseMatch
from rest_framework import serializers


def public_url(page):
    """The page's address on the public site: SITE_URL followed by the page's path.

    Wagtail builds full URLs from the Site record, which a fresh install (and the demo) leaves at
    http://localhost; SITE_URL is the address operators configure, as e-mails and attestations use it.
    A page of another Site keeps that Site's own address.
    """
    try:
        url = page.get_url()
    except NoReverseMatch:
        return None
    if url and url.startswith("/"):
        return settings.SITE_URL + url
    return url


def absolute_url(url):
    """A site path (a document's /documents/...) as an address on the public site."""
    return settings.SITE_URL + url if url and url.startswith("/") else url


def _term(term):
    return {"id": term.pk, "slug": term.slug, "name": term.name}


class _ReadOnlyField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class CategoryField(_ReadOnlyField):
    """A category as {id, slug, name} (null when none), rather than a bare id."""

    def to_representation(self, value):
        return _term(value) if value is not None else None


class TaxonomyListField(_ReadOnlyField):
    """Audiences as a list of {id, slug, name}."""

    def to_representation(self, value):
        return [_term(term) for term in value.all()]


class TranslationsField(_ReadOnlyField):
    """The page's live translations: [{id, locale, title, html_url}]."""

    def to_representation(self, value):
        return value


class OnlineServiceField(_ReadOnlyField):
    """The "Start online" service as {code, label, url} (an absolute url), or null when there is none."""

    def to_representation(self, value):
        return value


class FormsLibraryField(_ReadOnlyField):
    """The library's forms: [{category, title, url, file_type, file_size, procedures: [{id, title, html_url}]}]."""

    def to_representation(self, value):
        return value
