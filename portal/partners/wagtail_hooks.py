"""The partners' area in the Wagtail admin: the employers (their officers and invitations) and the fund-wide
delays report, with their menu items (shown to holders of the permission only; each view checks it again)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.partners import admin_views, permissions

_urls = [
    path("", admin_views.organisations, name="partners_admin_organisations"),
    path("<int:pk>/", admin_views.organisation, name="partners_admin_organisation"),
    path("<int:pk>/invite/", admin_views.invite, name="partners_admin_invite"),
    path("<int:pk>/access/", admin_views.set_active, name="partners_admin_set_active"),
    path("<int:pk>/officers/<int:officer_id>/revoke/", admin_views.revoke, name="partners_admin_revoke"),
    path(
        "<int:pk>/invitations/<int:invitation_id>/cancel/",
        admin_views.cancel_invitation,
        name="partners_admin_cancel_invitation",
    ),
    path("delays/", admin_views.report, name="partners_admin_report"),
    path("delays.csv", admin_views.report_csv, name="partners_admin_report_csv"),
]


@hooks.register("register_admin_urls")
def register_partners_urls():
    return [path("employers/", include(_urls))]


class EmployersMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.may_manage(request.user)


class DelaysMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.may_report(request.user)


@hooks.register("register_admin_menu_item")
def register_employers_menu_item():
    return EmployersMenuItem(_("Employers"), reverse("partners_admin_organisations"), icon_name="group", order=296)


@hooks.register("register_admin_menu_item")
def register_delays_menu_item():
    return DelaysMenuItem(_("Employers' delays"), reverse("partners_admin_report"), icon_name="time", order=297)
