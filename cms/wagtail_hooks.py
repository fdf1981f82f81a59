"""Admin registration of the editorial snippets (categories, audiences, site alerts)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.snippets import Audience, Category, SiteAlert


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "slug"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "slug"]


class SiteAlertViewSet(SnippetViewSet):
    model = SiteAlert
    icon = "warning"
    list_display = ["title", "level", "starts_at", "ends_at", "locale"]
    list_filter = ["level"]


class EditorialSnippets(SnippetViewSetGroup):
    menu_label = _("Classification & alerts")
    menu_icon = "tag"
    menu_order = 250
    items = (CategoryViewSet, AudienceViewSet, SiteAlertViewSet)


register_snippet(EditorialSnippets)
