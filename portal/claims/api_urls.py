"""The member's claims in the portal JSON API, under /api/portal/claims/."""

from django.urls import path

from portal.claims import api

app_name = "claims-api"
urlpatterns = [
    path("", api.ClaimListCreate.as_view(), name="list"),
    path("<str:reference>/", api.ClaimDetail.as_view(), name="detail"),
    path("<str:reference>/messages/", api.ClaimReply.as_view(), name="reply"),
    path("<str:reference>/attachments/<int:attachment_id>/", api.AttachmentDownload.as_view(), name="attachment"),
]
