"""Editors' promoted results, looked up in the cache: every search asks, editors change them a few times a year."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from search.models import PromotedResult

CACHE_KEY = "search:promoted-results"
CACHE_SECONDS = 300


def page_ids(query_terms):
    """The pages promoted for these query terms (search.models.terms_key), in their order."""
    table = cache.get(CACHE_KEY)
    if table is None:
        table = {}
        rows = PromotedResult.objects.order_by("query_terms", "position", "pk").values_list("query_terms", "page_id")
        for key, page_id in rows:
            table.setdefault(key, []).append(page_id)
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    return list(table.get(query_terms, ()))


def forget(**kwargs):
    cache.delete(CACHE_KEY)


# A page's deletion deletes its promotions (CASCADE), which sends post_delete for each of them.
post_save.connect(forget, sender=PromotedResult, dispatch_uid="search.promoted.saved")
post_delete.connect(forget, sender=PromotedResult, dispatch_uid="search.promoted.deleted")
