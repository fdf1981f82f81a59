"""The fund's side of helped access in the Wagtail admin (reached from a member's file)."""

from django.urls import path
from wagtail import hooks

from portal.proxies import admin_views


@hooks.register("register_admin_urls")
def register_proxies_urls():
    return [
        path("members/<int:member_pk>/representative/", admin_views.guardian_new, name="proxies_admin_guardian_new"),
        path("representatives/<int:pk>/end/", admin_views.guardian_end, name="proxies_admin_guardian_end"),
        path("representatives/<int:pk>/decision/", admin_views.court_decision, name="proxies_admin_court_decision"),
        path("members/<int:member_pk>/counter/", admin_views.counter_start, name="proxies_admin_counter_start"),
        path("counter/<int:pk>/code/", admin_views.counter_code, name="proxies_admin_counter_code"),
    ]
