"""Editors' promoted results, kept in search.shared_tables: every search asks, editors change them a few times a
year."""

from django.db.models.signals import post_delete, post_save

from search import shared_tables
from search.models import PromotedResult

CACHE_KEY = "search:promoted-results"
CACHE_SECONDS = 300


def page_ids(query_terms):
    """The pages promoted for these query terms (search.models.terms_key), in their order."""
    return list(shared_tables.read(CACHE_KEY, _table, CACHE_SECONDS).get(query_terms, ()))


def _table():
    table = {}
    rows = PromotedResult.objects.order_by("query_terms", "position", "pk").values_list("query_terms", "page_id")
    for key, page_id in rows:
        table.setdefault(key, []).append(page_id)
    return table


def forget(**kwargs):
    shared_tables.forget(CACHE_KEY)


# A page's deletion deletes its promotions (CASCADE), which sends post_delete for each of them.
post_save.connect(forget, sender=PromotedResult, dispatch_uid="search.promoted.saved")
post_delete.connect(forget, sender=PromotedResult, dispatch_uid="search.promoted.deleted")
