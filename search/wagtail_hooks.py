"""Editors' search tools in the Wagtail admin: synonyms, promoted results, the search report,
and the staff claim search (claims permission only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from config.admin_menu import PermissionMenuItem
from search import admin_views
from search.models import PromotedResult, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]


class PromotedResultViewSet(SnippetViewSet):
    model = PromotedResult
    icon = "pick"
    menu_label = _("Promoted results")
    list_display = ["query", "page", "position"]
    search_fields = ["query"]


class SearchToolsGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, PromotedResultViewSet)
    menu_icon = "search"
    menu_label = _("Search")
    menu_name = "search-tools"


register_snippet(SearchToolsGroup)


@hooks.register("register_admin_urls")
def register_search_urls():
    return [
        path("search-report/", admin_views.search_report, name="search_report"),
        path("claims-search/", admin_views.claim_search, name="search_claims"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return PermissionMenuItem(
        _("Search report"),
        reverse("search_report"),
        icon_name="search",
        order=900,
        permission=admin_views.REPORT_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_claim_search_menu_item():
    return PermissionMenuItem(
        _("Search claims"),
        reverse("search_claims"),
        icon_name="search",
        order=310,
        permission=admin_views.CLAIMS_PERMISSION,
    )
