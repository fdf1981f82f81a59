"""The public simulator's JSON API at /api/simulator/ (the member's is /api/portal/simulation/)."""

from django.urls import path

from portal.simulator import api

app_name = "simulator-api"
urlpatterns = [
    path("", api.PublicEstimate.as_view(), name="estimate"),
]
