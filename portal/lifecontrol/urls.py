"""The pensioner's life-certificate pages (under /fr/ and /ar/): in their space, and without an account."""

from django.urls import path

from portal.lifecontrol import public, views

app_name = "lifecontrol"
urlpatterns = [
    path("portal/life-certificate/", views.home, name="home"),
    path("portal/life-certificate/certificate/", views.certificate, name="certificate"),
    path("portal/life-certificate/photos/", views.photos, name="photos"),
    path("portal/life-certificate/letter/<int:campaign_id>/", views.letter, name="letter"),
    path(
        "portal/life-certificate/answers/<int:submission_id>/files/<int:file_id>/",
        views.answer_file,
        name="file",
    ),
    # No account needed: the letter's code and the birth date (its QR code opens the first page).
    path("life-certificate/", public.code, name="code"),
    path("life-certificate/answer/", public.code_answer, name="code_answer"),
    path("life-certificate/sent/", public.code_sent, name="code_sent"),
]
