"""Member-facing pages of the notification centre (under /fr/ and /ar/)."""

from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("portal/messages/", views.inbox, name="inbox"),
    path("portal/messages/<int:pk>/", views.open_notification, name="open"),
    path("portal/messages/read/", views.mark_all_read, name="mark_all_read"),
    path("portal/messages/preferences/", views.preferences, name="preferences"),
    path("portal/messages/mobile/", views.mobile_number, name="mobile"),
    path("portal/messages/mobile/code/", views.mobile_code, name="mobile_code"),
    path("portal/messages/mobile/remove/", views.mobile_remove, name="mobile_remove"),
]
