"""The member area in the Wagtail admin: menu items shown only to holders of the permissions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.admin_menu import PermissionMenuItem
from portal import admin_views
from portal.permissions import DECIDE_CHANGES, VIEW_AUDIT, VIEW_FILE


@hooks.register("register_admin_urls")
def register_portal_urls():
    return [
        path("members/", admin_views.member_search, name="portal_admin_members"),
        path("members/<int:pk>/", admin_views.member_file, name="portal_admin_member"),
        path("member-changes/", admin_views.change_list, name="portal_admin_changes"),
        path("member-changes/<int:pk>/", admin_views.change_detail, name="portal_admin_change"),
        path("member-changes/export/", admin_views.change_export, name="portal_admin_changes_export"),
        path("audit/", admin_views.audit_log, name="portal_admin_audit"),
    ]


@hooks.register("register_admin_menu_item")
def register_members_menu_item():
    return PermissionMenuItem(
        _("Member files"), reverse("portal_admin_members"), icon_name="user", order=310, permission=VIEW_FILE
    )


@hooks.register("register_admin_menu_item")
def register_changes_menu_item():
    return PermissionMenuItem(
        _("Change requests"), reverse("portal_admin_changes"), icon_name="edit", order=311, permission=DECIDE_CHANGES
    )


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return PermissionMenuItem(
        _("Audit log"), reverse("portal_admin_audit"), icon_name="history", order=312, permission=VIEW_AUDIT
    )
