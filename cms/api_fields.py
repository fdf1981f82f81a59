"""Serializer fields for the content API: taxonomy as {slug, name}, translations as links."""

from rest_framework import serializers


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
