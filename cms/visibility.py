"""The one rule for what a visitor may see: a page that is live, public and not past its expiry.

Every consumer calls it (page lists, the content API, search indexing and both search engines), so
"a visitor never sees an expired, private or restricted page" is written once. Expiry is checked
here as well as by Wagtail's `publish_scheduled`: a page past its `expire_at` stays `live` until that
job next runs, and visitors must not see it meanwhile.
"""

from array import array
from bisect import bisect_left

from django.conf import settings
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
    """The ids among `page_ids` a visitor may see: for results read from a search index, which may lag.

    Checked against the ids of every public page, kept in the page cache's store (cms.fragments): every change
    that can hide or show a page (publication, unpublication, move, deletion, view restriction) empties it, and
    it is computed again at the next page's expiry. Every search asks; without it, two queries each time.
    """
    page_ids = list(page_ids)
    if not page_ids:
        return set()
    from cms import fragments

    public = fragments.remember_for("public-page-ids", compute=_every_public_id)
    return {pk for pk in page_ids if _holds(public, pk)}


def _every_public_id():
    """(the sorted ids as an array: a few bytes per page in the cache, not a pickled set; seconds it holds)."""
    now = timezone.now()
    pages = public_pages()
    next_expiry = pages.filter(expire_at__isnull=False).order_by("expire_at").values_list("expire_at", flat=True)[:1]
    seconds = int((next_expiry[0] - now).total_seconds()) if next_expiry else settings.FRAGMENT_CACHE_SECONDS
    return array("q", sorted(pages.values_list("pk", flat=True))), seconds


def _holds(sorted_ids, pk):
    at = bisect_left(sorted_ids, pk)
    return at < len(sorted_ids) and sorted_ids[at] == pk
