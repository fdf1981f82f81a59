"""Background work for the member area (run by the task worker)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_enrolment_code(address, code, language):
    """E-mail the one-time enrolment code. The code expires quickly, so a late retry is harmless."""
    with translation.override(language):
        context = {"code": code, "site_name": settings.WAGTAIL_SITE_NAME}
        subject = render_to_string("portal/email/enrolment_code_subject.txt", context).strip()
        body = render_to_string("portal/email/enrolment_code.txt", context)
    send_mail(" ".join(subject.split()), body, None, [address])
    return "sent"
