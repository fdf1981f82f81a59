"""The simulator's pages (under /fr/ and /ar/): the member's, from their file, and the public one."""

from django.urls import path

from portal.simulator import public, views

app_name = "simulator"
urlpatterns = [
    path("portal/simulator/", views.member, name="member"),
    path("portal/simulator/estimate.pdf", views.member_pdf, name="member_pdf"),
    path("simulator/", public.public, name="public"),
]
