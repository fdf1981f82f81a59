"""The steering dashboard in the Wagtail admin: its URLs and the "Steering" menu item (shown to
holders of the permission only; the views check it again)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.admin_menu import PermissionMenuItem
from portal.steering import admin_urls, permissions


@hooks.register("register_admin_urls")
def register_steering_urls():
    return [path("steering/", include(admin_urls, namespace="steering_admin"))]


@hooks.register("register_admin_menu_item")
def register_steering_menu_item():
    return PermissionMenuItem(
        _("Steering"), reverse("steering_admin:dashboard"), icon_name="table", order=298, permission=permissions.VIEW
    )
