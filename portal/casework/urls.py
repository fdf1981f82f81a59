"""The applicant's request pages (under /fr/ and /ar/) and the public death report."""

from django.urls import path

from portal.casework import public, views

app_name = "casework"
urlpatterns = [
    # "Mes démarches": what is in progress, what the fund waits for, what can be started.
    path("portal/procedures/", views.case_list, name="list"),
    path("portal/procedures/start/<slug:procedure>/", views.start, name="start"),
    path("portal/procedures/<str:reference>/", views.detail, name="detail"),
    path("portal/procedures/<str:reference>/step/<slug:step>/", views.step, name="step"),
    path("portal/procedures/<str:reference>/documents/", views.documents, name="documents"),
    path("portal/procedures/<str:reference>/documents/<int:document_id>/remove/", views.remove_document, name="remove"),
    path("portal/procedures/<str:reference>/review/", views.review, name="review"),
    path("portal/procedures/<str:reference>/submit/", views.submit, name="submit"),
    path("portal/procedures/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("portal/procedures/<str:reference>/send/", views.send_documents, name="send"),
    path("portal/procedures/<str:reference>/receipt.pdf", views.receipt, name="receipt"),
    path("portal/procedures/<str:reference>/files/<int:document_id>/", views.download, name="download"),
    # No account needed.
    path("report-a-death/", public.report_death, name="report_death"),
    path("report-a-death/received/", public.report_received, name="report_received"),
]
