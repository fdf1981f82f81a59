"""Member-facing pages of the portal (under /fr/ and /ar/)."""

from django.urls import path

from portal.views import account, changes, documents, enrol, file, personal_data

app_name = "portal"
urlpatterns = [
    path("portal/", file.dashboard, name="dashboard"),
    path("portal/enrol/", enrol.enrol, name="enrol"),
    path("portal/enrol/code/", enrol.enrol_code, name="enrol_code"),
    path("portal/career/", file.career_view, name="career"),
    path("portal/payments/", file.payments_view, name="payments"),
    path("portal/payments/<int:year>/", file.payments_year, name="payments_year"),
    path("portal/payments/detail/<int:pk>/", file.payment_detail, name="payment"),
    path("portal/dossiers/<str:reference>/", file.dossier_detail, name="dossier"),
    path("portal/access-log/", file.access_log, name="access_log"),
    path("portal/my-data/", personal_data.page, name="personal_data"),
    path("portal/my-data/download.json", personal_data.download_json, name="personal_data_json"),
    path("portal/my-data/download.pdf", personal_data.download_pdf, name="personal_data_pdf"),
    path("portal/attestations/", documents.attestation_page, name="attestations"),
    path("portal/attestations/download/", documents.attestation_download, name="attestation_download"),
    path("portal/attestations/<str:serial>.pdf", documents.attestation_pdf, name="attestation_pdf"),
    path("portal/payments/detail/<int:pk>/slip/", documents.payment_slip, name="payment_slip"),
    path("portal/changes/", changes.change_list, name="changes"),
    path("portal/changes/<str:kind>/", changes.change_new, name="change_new"),
    path("portal/changes/<int:pk>/cancel/", changes.change_cancel, name="change_cancel"),
    path("portal/account/close/", account.close, name="close_account"),
    path("portal/account/email/undo/<str:token>/", account.undo_email_change, name="undo_email_change"),
    path("verify/", documents.verify, name="verify"),
]
