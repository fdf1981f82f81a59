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


@task()
def send_change_decision_email(change_id):
    """Tell the member that a change request was decided, in French and in Arabic (the portal does
    not know which the member reads). Like claim e-mails, it says what happened and links to the
    portal: neither the new details nor the fund's note leave the login."""
    from django.urls import reverse

    from portal.models import ChangeRequest

    change = ChangeRequest.objects.select_related("member__user").filter(pk=change_id).first()
    if change is None:
        return "request deleted"
    user = change.member.user
    recipient = (user.email if user is not None and user.email else "") or change.member.email
    if not recipient:
        return "no address"
    subjects, bodies = [], []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            context = {
                "change": change,
                "kind": change.get_kind_display(),
                "approved": change.status == "approved",
                "url": settings.SITE_URL + reverse("portal:changes"),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subjects.append(" ".join(render_to_string("portal/email/change_decided_subject.txt", context).split()))
            bodies.append(render_to_string("portal/email/change_decided.txt", context))
    send_mail(" / ".join(subjects), "\n\n".join(bodies), None, [recipient])
    return "sent"
