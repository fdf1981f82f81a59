"""Member-facing pages of helped access (under /fr/ and /ar/)."""

from django.urls import path

from portal.proxies import counter_views, views

app_name = "proxies"

urlpatterns = [
    path("portal/helpers/", views.people, name="list"),
    path("portal/helpers/<int:pk>/resend/", views.resend, name="resend"),
    path("portal/helpers/<int:pk>/end/", views.revoke, name="revoke"),
    path("portal/files/", views.files, name="files"),
    path("portal/files/<int:pk>/open/", views.open_file, name="open"),
    path("portal/files/leave/", views.leave, name="leave"),
    # Helper D's: the agent ends the help at the counter (the banner's button).
    path("portal/counter/end/", counter_views.end, name="counter_end"),
    path("proxy/accept/<str:token>/", views.accept, name="accept"),
]
