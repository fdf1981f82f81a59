"""The notification centre in the Wagtail admin: its URLs and two menu items, each shown to its holders only."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.notifications import admin_views, permissions

# Until NotificationsConfig.ready() registers it with the app's other actions (same code, same label).


@hooks.register("register_admin_urls")
def register_notifications_urls():
    return [
        path("announcements/", admin_views.announcements_list, name="notifications_announcements"),
        path("announcements/new/", admin_views.announcement_new, name="notifications_announcement_new"),
        path("notifications/deliveries/", admin_views.deliveries, name="notifications_deliveries"),
    ]


class AnnouncementsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_announce(request.user)


class DeliveriesMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_read_deliveries(request.user)


@hooks.register("register_admin_menu_item")
def register_announcements_menu_item():
    return AnnouncementsMenuItem(
        _("Messages to members"), reverse("notifications_announcements"), icon_name="comment", order=315
    )


@hooks.register("register_admin_menu_item")
def register_deliveries_menu_item():
    return DeliveriesMenuItem(
        _("Messages sent (log)"), reverse("notifications_deliveries"), icon_name="list-ul", order=316
    )
