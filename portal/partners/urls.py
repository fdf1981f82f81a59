"""The partners' space, /<lang>/partners/: the HR services of the employing administrations."""

from django.urls import path

from portal.partners import bulk_views, dossier_views, officer_views, token_views, views

app_name = "partners"
urlpatterns = [
    path("", views.home, name="home"),
    path("retirements/", views.retirements, name="retirements"),
    path("retirements.csv", views.retirements_csv, name="retirements_csv"),
    path("civil-servants/<int:pk>/", views.member, name="member"),
    path("civil-servants/<int:pk>/dossier/", views.start, name="start"),
    path("dossiers/", dossier_views.dossier_list, name="dossiers"),
    # Before "dossiers/<reference>/": "upload" is not a reference.
    path("dossiers/upload/", bulk_views.upload, name="bulk"),
    path("dossiers/<str:reference>/", dossier_views.dossier, name="dossier"),
    path("dossiers/<str:reference>/documents/", dossier_views.documents, name="documents"),
    path("dossiers/<str:reference>/documents/<int:document_id>/", dossier_views.document, name="document"),
    path("dossiers/<str:reference>/submit/", dossier_views.submit, name="submit"),
    path("dossiers/<str:reference>/correct/", dossier_views.correct, name="correct"),
    path("dossiers/<str:reference>/<str:step>/", dossier_views.step, name="step"),
    path("delays/", views.delays, name="delays"),
    path("officers/", officer_views.officers, name="officers"),
    path("officers/<int:pk>/", officer_views.officer_change, name="officer_change"),
    path("officers/<int:pk>/revoke/", officer_views.officer_revoke, name="officer_revoke"),
    path("officers/invitations/<int:pk>/cancel/", officer_views.invitation_cancel, name="invitation_cancel"),
    path("invitation/<str:token>/", officer_views.invitation, name="invitation"),
    path("api-tokens/", token_views.tokens, name="tokens"),
    path("api-tokens/<int:pk>/revoke/", token_views.revoke, name="token_revoke"),
]
