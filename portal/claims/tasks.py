"""Background work for claims: the e-mails to the member (run by the task worker)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

EMAIL_KINDS = ("acknowledgement", "reply", "status")


def _recipient(member):
    # The verified address of the member's portal account first; else the one the core system holds.
    user = getattr(member, "user", None)
    return (user.email if user is not None and user.email else "") or getattr(member, "email", "") or ""


@task()
def send_claim_email(claim_id, kind):
    """E-mail the member about their claim, in the language of the claim, without its content.

    The message only says that something happened and links to the portal:
    the text of the claim and of agents' replies stays behind the login.
    """
    from portal.claims.models import Claim

    if kind not in EMAIL_KINDS:
        raise ValueError(kind)
    claim = Claim.objects.select_related("member__user").filter(pk=claim_id).first()
    if claim is None:
        return "claim deleted"
    recipient = _recipient(claim.member)
    if not recipient:
        return "no address"
    with translation.override(claim.language):
        context = {
            "claim": claim,
            "status": claim.get_status_display(),
            "url": settings.SITE_URL + reverse("claims:detail", kwargs={"reference": claim.reference}),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(f"claims/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"claims/email/{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [recipient])
    return "sent"
