"""The open-data API at /api/open-data/: the public figures as JSON, and each table as CSV."""

from django.urls import path

from portal.steering import api

app_name = "open-data"
urlpatterns = [
    path("figures/", api.Figures.as_view(), name="figures"),
    path("<slug:table>.csv", api.TableCsv.as_view(), name="csv"),
]
