"""The claims back-office in the Wagtail admin (menu, URLs) and the service levels as a snippet."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from portal.claims import admin_views, permissions
from portal.claims.models import ServiceLevel


@hooks.register("register_admin_urls")
def register_claims_urls():
    return [
        path("claims/", admin_views.queue, name="claims_queue"),
        path("claims/new/", admin_views.on_behalf, name="claims_on_behalf"),
        path("claims/supervision/", admin_views.supervision, name="claims_supervision"),
        path("claims/<int:pk>/", admin_views.claim_detail, name="claims_claim"),
        path("claims/<int:pk>/message/", admin_views.post_message, name="claims_message"),
        path("claims/<int:pk>/status/", admin_views.change_status, name="claims_status"),
        path("claims/<int:pk>/assign/", admin_views.assign, name="claims_assign"),
        path("claims/<int:pk>/attachments/<int:attachment_id>/", admin_views.download, name="claims_attachment"),
    ]


class ClaimsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_agent(request.user)


@hooks.register("register_admin_menu_item")
def register_claims_menu_item():
    return ClaimsMenuItem(_("Claims"), reverse("claims_queue"), icon_name="mail", order=300)


class ServiceLevelViewSet(ModelViewSet):
    """Days to answer per category; only holders of the service level permissions (supervisors) see it.

    A ModelViewSet rather than a snippet: snippets also get chooser views that
    any admin user may open, and communications staff have no business here.
    """

    model = ServiceLevel
    icon = "time"
    menu_label = _("Claim service levels")
    menu_order = 305
    add_to_admin_menu = True
    list_display = ["category", "days_to_answer", "updated_at"]
    form_fields = ["category", "days_to_answer"]
    name = "claim-service-levels"


@hooks.register("register_admin_viewset")
def register_service_levels():
    return ServiceLevelViewSet()
