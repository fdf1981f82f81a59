"""The life control's admin URLs (namespace ``lifecontrol_admin``, under /admin/life-control/)."""

from django.urls import path

from portal.lifecontrol import admin_views

app_name = "lifecontrol_admin"

urlpatterns = [
    path("", admin_views.campaigns, name="campaigns"),
    path("new/", admin_views.campaign_new, name="campaign_new"),
    path("<int:pk>/", admin_views.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", admin_views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/open/", admin_views.campaign_open, name="campaign_open"),
    path("<int:pk>/figures.csv", admin_views.figures_csv, name="figures_csv"),
    path("<int:pk>/checks.csv", admin_views.checks_csv, name="checks_csv"),
    path("<int:pk>/letters.pdf", admin_views.letters, name="letters"),
    path("review/", admin_views.queue, name="queue"),
    path("answers/<int:pk>/", admin_views.answer, name="answer"),
    path("answers/<int:pk>/files/<int:file_id>/", admin_views.answer_file, name="answer_file"),
    path("checks/<int:pk>/", admin_views.check_detail, name="check"),
    path("checks/<int:pk>/record/", admin_views.check_record, name="check_record"),
    path("checks/<int:pk>/posted/", admin_views.check_postal, name="check_postal"),
    path("checks/<int:pk>/letter.pdf", admin_views.check_letter, name="check_letter"),
]
