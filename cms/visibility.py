"""The one rule for what a visitor may see: a page that is live, public and not past its expiry.

Every consumer calls it (page lists, the content API, search indexing and both search engines), so
"a visitor never sees an expired, private or restricted page" is written once. Expiry is checked
here as well as by Wagtail's `publish_scheduled`: a page past its `expire_at` stays `live` until that
job next runs, and visitors must not see it meanwhile.
"""

from django.utils import timezone
from wagtail.models import Page


def public_pages(queryset=None):
    """The pages of `queryset` (all pages by default) a visitor may see.

    Live, outside any view restriction (password, login or groups, on the page or an ancestor),
    and not past their expiry date.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.live().public().exclude(expire_at__lte=timezone.now())


def is_expired(page):
    """Past its expiry date, whether or not `publish_scheduled` has unpublished it yet."""
    return bool(page.expire_at and page.expire_at <= timezone.now())


def is_public(page):
    """The same rule for one page (two queries: the page, and the view restrictions)."""
    if page is None or page.pk is None:
        return False
    return public_pages(Page.objects.filter(pk=page.pk)).exists()


def public_ids(page_ids):
    """The ids among `page_ids` a visitor may see (one query): for results read from a search index."""
    page_ids = list(page_ids)
    if not page_ids:
        return set()
    return set(public_pages(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))
