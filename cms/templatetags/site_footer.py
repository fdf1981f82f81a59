"""The footer of every page: how to reach the fund, and the pages people look for at the bottom of a page.

The pages are found by their slug in the current language (translations keep the French slug); a page
that is missing, unpublished or private is simply left out, so the footer never links to a 404.
"""

import re

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page

from cms import fragments
from cms.visibility import public_pages

register = template.Library()

# In the order the footer lists them: the fund, forms, pensioners' associations, accessibility statement,
# personal data.
FOOTER_PAGE_SLUGS = ("la-caisse", "formulaires", "associations", "accessibilite", "donnees-personnelles")


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    language = get_language()

    def links():
        pages = public_pages(Page.objects.filter(slug__in=FOOTER_PAGE_SLUGS, locale__language_code=language))
        by_slug = {page.slug: page for page in pages}
        return [
            (by_slug[slug].title, by_slug[slug].get_url(request=request))
            for slug in FOOTER_PAGE_SLUGS
            if slug in by_slug
        ]

    phone = settings.FUND_PHONE
    return {
        "request": request,
        # Kept per language and site, emptied on publication (cms/fragments.py).
        "pages": fragments.remember("footer", language, fragments.site_part(request), compute=links),
        "phone": phone,
        # A tel: link holds digits and a leading + only.
        "phone_href": re.sub(r"[^\d+]", "", phone),
    }
