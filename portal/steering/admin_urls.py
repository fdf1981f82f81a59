"""The steering dashboard's admin URLs (namespace ``steering_admin``, under /admin/steering/)."""

from django.urls import path

from portal.steering import admin_views

app_name = "steering_admin"

urlpatterns = [
    path("", admin_views.dashboard_page, name="dashboard"),
    path("<slug:slug>.csv", admin_views.table_csv, name="csv"),
]
