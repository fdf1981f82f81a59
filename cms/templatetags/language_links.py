"""The French/Arabic switch: each link leads to the same content in the other language.

For a Wagtail page that is its translation when one is live; when there is
none, the other language's home page with a notice (never a 404). Other views
(portal, search, accounts) keep their path under the other language prefix.
"""

from functools import partial

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page

from cms import fragments

register = template.Library()


def _page_link(page, language_code):
    translation = page.get_translation_or_none(Locale.objects.filter(language_code=language_code).first())
    if translation is not None and translation.live:
        return translation.url, False
    home = Page.objects.live().filter(depth=2, locale__language_code=language_code).first()
    if home is None:
        return f"/{language_code}/", True
    return f"{home.url}?missing_translation=1", True


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        if isinstance(page, Page):
            # Three queries each time otherwise (locale, translation, home): kept per page, emptied on publication.
            url, fallback = fragments.remember("switcher", page.pk, code, compute=partial(_page_link, page, code))
        else:
            url, fallback = translate_url(request.get_full_path() if request else "/", code), False
        info = get_language_info(code)
        links.append({"code": code, "url": url, "name": info["name_local"], "fallback": fallback})
    return {"links": links}
