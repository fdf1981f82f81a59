"""The requests' back-office in the Wagtail admin: its URLs and the "Requests" menu item (agents only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.casework import admin_views, permissions


@hooks.register("register_admin_urls")
def register_casework_urls():
    return [
        path("cases/", admin_views.queue, name="casework_queue"),
        path("cases/awaited/", admin_views.awaited, name="casework_awaited"),
        path("cases/ask/", admin_views.ask, name="casework_ask"),
        path("cases/<int:pk>/", admin_views.case_detail, name="casework_case"),
        path("cases/<int:pk>/assign/", admin_views.assign, name="casework_assign"),
        path("cases/<int:pk>/note/", admin_views.note, name="casework_note"),
        path("cases/<int:pk>/review/", admin_views.start_review, name="casework_start_review"),
        path("cases/<int:pk>/request/", admin_views.request_documents, name="casework_request_documents"),
        path("cases/<int:pk>/correction/", admin_views.ask_correction, name="casework_ask_correction"),
        path("cases/<int:pk>/decide/", admin_views.decide, name="casework_decide"),
        path("cases/<int:pk>/match/", admin_views.match, name="casework_match"),
        path("cases/<int:pk>/documents/<int:document_id>/", admin_views.download, name="casework_document"),
        path(
            "cases/<int:pk>/documents/<int:document_id>/review/",
            admin_views.review_document,
            name="casework_review_document",
        ),
    ]


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_agent(request.user)


@hooks.register("register_admin_menu_item")
def register_casework_menu_item():
    return RequestsMenuItem(_("Requests"), reverse("casework_queue"), icon_name="folder-open-inverse", order=290)
