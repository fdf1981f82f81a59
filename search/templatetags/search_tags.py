"""Links of the search page: toggling a facet, moving to a page, recording a click."""

from django import template
from django.utils.http import urlencode

register = template.Library()


def _params(search_request, **changes):
    params = {"q": search_request.query, **search_request.filters, "page": search_request.page}
    params.update(changes)
    return {key: value for key, value in params.items() if value not in (None, "", 1) or key == "q"}


@register.simple_tag
def facet_url(search_request, name, value):
    """Select the value, or clear it when it is already selected; back to the first page either way."""
    selected = search_request.filters.get(name) == value
    return "?" + urlencode(_params(search_request, **{name: None if selected else value, "page": None}))


@register.simple_tag
def clear_facet_url(search_request, name):
    return "?" + urlencode(_params(search_request, **{name: None, "page": None}))


@register.simple_tag
def page_url(search_request, number):
    return "?" + urlencode(_params(search_request, page=number))


@register.simple_tag
def query_url(query):
    return "?" + urlencode({"q": query})


@register.simple_tag
def click_url(search_request, hit, position):
    return "go/?" + urlencode({"page": hit.page_id, "pos": position, "q": search_request.query})
