"""Site-wide pieces drawn from the CMS: active alerts and the main sections of the current language."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Page

from cms.models import ContactPage, FaqPage, NewsIndexPage, ProcedureIndexPage
from cms.snippets import SiteAlert
from cms.visibility import public_pages

register = template.Library()

# Order of the sections in the main navigation.
SECTION_TYPES = (ProcedureIndexPage, NewsIndexPage, FaqPage, ContactPage)


@register.inclusion_tag("cms/includes/alerts.html")
def site_alerts():
    return {"alerts": list(SiteAlert.objects.active(get_language()))}


@register.simple_tag(takes_context=True)
def section_links(context):
    """[(title, url)] of the language's procedures, news, FAQ and contact pages (one query)."""
    request = context.get("request")
    pages = (
        public_pages(Page.objects.filter(depth=3, locale__language_code=get_language()))
        .type(*SECTION_TYPES)
        .select_related("content_type")
    )
    by_type = {}
    for page in pages:
        by_type.setdefault(page.specific_class, page)
    return [
        (by_type[model].title, by_type[model].get_url(request=request)) for model in SECTION_TYPES if model in by_type
    ]
