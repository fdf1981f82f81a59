"""Site-wide pieces drawn from the CMS: active alerts, the main sections of the current language, the user bar."""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Page

from cms import fragments
from cms.models import ContactPage, FaqPage, NewsIndexPage, ProcedureIndexPage
from cms.visibility import public_pages
from config.staff import works_for_the_fund

register = template.Library()

# Order of the sections in the main navigation.
SECTION_TYPES = (ProcedureIndexPage, NewsIndexPage, FaqPage, ContactPage)
# How long whether an account may see Wagtail's user bar is remembered.
USERBAR_SECONDS = 300


@register.inclusion_tag("cms/includes/alerts.html")
def site_alerts():
    return {"alerts": fragments.active_alerts(get_language())}


@register.simple_tag(takes_context=True)
def section_links(context):
    """[(title, url)] of the language's procedures, news, FAQ and contact pages (one query, then kept)."""
    request = context.get("request")
    language = get_language()

    def links():
        pages = (
            public_pages(Page.objects.filter(depth=3, locale__language_code=language))
            .type(*SECTION_TYPES)
            .select_related("content_type")
        )
        by_type = {}
        for page in pages:
            by_type.setdefault(page.specific_class, page)
        return [
            (by_type[model].title, by_type[model].get_url(request=request))
            for model in SECTION_TYPES
            if model in by_type
        ]

    return fragments.remember("sections", language, fragments.site_part(request), compute=links)


@register.simple_tag(takes_context=True)
def shows_userbar(context):
    """Whether to draw Wagtail's user bar: only for people who work for the fund (config.staff).

    Asking costs a member two permission queries on every page, for a bar they never get; the answer is kept a
    few minutes per account. A stale answer only shows or hides the bar: the admin checks permissions itself.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return cache.get_or_set(f"userbar:{user.pk}", lambda: works_for_the_fund(user), USERBAR_SECONDS)
