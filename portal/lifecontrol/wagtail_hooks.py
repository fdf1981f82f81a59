"""The life control's back-office in the Wagtail admin: its URLs and the "Life control" menu item
(life-control agents only; each view checks its own permission again)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.lifecontrol import admin_urls, admin_views


@hooks.register("register_admin_urls")
def register_lifecontrol_urls():
    return [path("life-control/", include(admin_urls, namespace="lifecontrol_admin"))]


class LifeControlMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm(admin_views.REVIEW) or user.has_perm(admin_views.VIEW)


@hooks.register("register_admin_menu_item")
def register_lifecontrol_menu_item():
    # An agent who checks answers lands on the queue; the campaigns are one click away.
    return LifeControlMenuItem(_("Life control"), reverse("lifecontrol_admin:campaigns"), icon_name="user", order=295)
