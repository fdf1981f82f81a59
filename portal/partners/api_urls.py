"""The employer API for organisations' HR systems, under /api/partners/ (``portal.partners.api``)."""

from django.urls import path

from portal.partners import api

app_name = "partners-api"
urlpatterns = [
    path("retirements/", api.RetirementList.as_view(), name="retirements"),
    path("dossiers/", api.DossierListCreate.as_view(), name="dossiers"),
    path("dossiers/<str:reference>/", api.DossierDetail.as_view(), name="dossier"),
    path("dossiers/<str:reference>/documents/", api.DossierDocuments.as_view(), name="documents"),
    path("dossiers/<str:reference>/submit/", api.DossierSubmit.as_view(), name="submit"),
    path("dossiers/<str:reference>/correction/", api.DossierCorrection.as_view(), name="correction"),
]
