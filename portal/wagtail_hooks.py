"""The member area in the Wagtail admin: menu items shown only to holders of the permissions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.admin_menu import PermissionMenuItem
from portal import admin_enrolment, admin_views, attestation_admin
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
        path("attestations/", attestation_admin.attestation_search, name="portal_admin_attestations"),
        path("attestations/<int:pk>/", attestation_admin.attestation_revoke, name="portal_admin_attestation_revoke"),
        path("enrolment-locks/", admin_enrolment.locked_files, name="portal_admin_enrolment_locks"),
        path("enrolment-locks/<int:pk>/unlock/", admin_enrolment.unlock, name="portal_admin_enrolment_unlock"),
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
def register_enrolment_locks_menu_item():
    return PermissionMenuItem(
        _("Locked enrolments"),
        reverse("portal_admin_enrolment_locks"),
        icon_name="lock",
        order=313,
        permission=VIEW_FILE,
    )


@hooks.register("register_admin_menu_item")
def register_attestations_menu_item():
    return PermissionMenuItem(
        _("Attestations"), reverse("portal_admin_attestations"), icon_name="doc-full", order=314, permission=VIEW_FILE
    )


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return PermissionMenuItem(
        _("Audit log"), reverse("portal_admin_audit"), icon_name="history", order=312, permission=VIEW_AUDIT
    )
