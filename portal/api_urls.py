"""The member JSON API at /api/portal/."""

from django.urls import path

from portal import api

app_name = "portal-api"
urlpatterns = [
    path("profile/", api.Profile.as_view(), name="profile"),
    path("career/", api.Career.as_view(), name="career"),
    path("career/anomalies/", api.Anomalies.as_view(), name="anomalies"),
    path("simulation/", api.Simulation.as_view(), name="simulation"),
    path("payments/", api.PaymentList.as_view(), name="payments"),
    path("payments/totals/", api.PaymentTotals.as_view(), name="payment-totals"),
    path("payments/<int:pk>/", api.PaymentDetail.as_view(), name="payment"),
    path("dossiers/", api.DossierList.as_view(), name="dossiers"),
    path("dossiers/<str:reference>/", api.DossierDetail.as_view(), name="dossier"),
    path("attestations/", api.Attestations.as_view(), name="attestations"),
]
