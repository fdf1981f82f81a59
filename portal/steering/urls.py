"""The fund's public figures (under /fr/ and /ar/); their CSV files and JSON are at /api/open-data/."""

from django.urls import path

from portal.steering import public_views

app_name = "steering"
urlpatterns = [
    path("transparency/", public_views.open_data, name="open_data"),
]
