"""Members' claim pages (under /fr/ and /ar/), and the public transparency page."""

from django.urls import path

from portal.claims import public, views

app_name = "claims"
urlpatterns = [
    path("portal/claims/", views.claim_list, name="list"),
    path("portal/claims/new/", views.claim_new, name="new"),
    path("portal/claims/<str:reference>/", views.claim_detail, name="detail"),
    path("portal/claims/<str:reference>/received/", views.acknowledgement, name="acknowledgement"),
    path("portal/claims/<str:reference>/reply/", views.reply, name="reply"),
    path("portal/claims/<str:reference>/reopen/", views.reopen, name="reopen"),
    path(
        "portal/claims/<str:reference>/attachments/<int:attachment_id>/",
        views.download,
        name="download",
    ),
    path("transparency/claims/", public.transparency, name="transparency"),
]
