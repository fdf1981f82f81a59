"""A person's requests in the portal JSON API, under /api/portal/procedures/."""

from django.urls import path

from portal.casework import api

app_name = "casework-api"
urlpatterns = [
    path("", api.CaseListCreate.as_view(), name="list"),
    path("available/", api.ProcedureList.as_view(), name="available"),
    path("<str:reference>/", api.CaseDetail.as_view(), name="detail"),
    path("<str:reference>/steps/<str:step>/", api.CaseStep.as_view(), name="step"),
    path("<str:reference>/documents/", api.CaseDocuments.as_view(), name="documents"),
    path("<str:reference>/documents/<int:document_id>/", api.DocumentDownload.as_view(), name="document"),
    path("<str:reference>/submit/", api.CaseSubmit.as_view(), name="submit"),
    path("<str:reference>/withdraw/", api.CaseWithdraw.as_view(), name="withdraw"),
]
