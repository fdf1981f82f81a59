"""Background work for requests: the e-mails to the applicant (run by the task worker)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

EMAIL_KINDS = ("submitted", "documents_requested", "decided")


def recipient(case):
    """The applicant's verified address; for a request of the fund's, the member's; else none."""
    for user in (case.applicant, case.member.user if case.member else None):
        if user is not None and user.email:
            return user.email
    if case.member is not None and case.procedure == "fund_documents":
        return case.member.email
    return ""


@task()
def send_case_email(case_id, kind):
    from portal.casework.models import Case

    if kind not in EMAIL_KINDS:
        raise ValueError(kind)
    case = Case.objects.select_related("applicant", "member__user").filter(pk=case_id).first()
    if case is None:
        return "request deleted"
    address = recipient(case)
    if not address:
        return "no address"
    with translation.override(case.language):
        context = {
            "case": case,
            "title": case.title,
            "status": case.get_status_display(),
            "url": settings.SITE_URL + reverse("casework:detail", kwargs={"reference": case.reference}),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(f"casework/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"casework/email/{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [address])
    return "sent"
