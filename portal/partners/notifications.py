"""What the HR officers are told by e-mail: a dossier the fund sent back for a correction.

Plain queued e-mail, not the notification centre (``portal/notifications``): the centre tells a
member about their own file, with kinds the member chooses in their preferences and an inbox in
the member's space; an HR officer is told at their work address about someone else's file, and
has neither preferences nor an inbox there. The message names only the dossier's reference and
links to the partners' space: no personal data of the civil servant leaves the portal by e-mail.
Each officer reads it in their language when their account has chosen one, else in French.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from config.tasks import enqueue_with_transaction
from portal.notifications import centre
from portal.partners import scope as scopes
from portal.partners.choices import Role
from portal.partners.models import Officer, RetirementDossier


def _concerned(dossier):
    """The active preparers and signatories whose scope covers the dossier's civil servant."""
    officers = (
        Officer.objects.active()
        .filter(organisation__in=[dossier.organisation_id], role__in=[Role.PREPARER, Role.SIGNATORY])
        .select_related("organisation", "user")
        .prefetch_related("units")
    )
    employer_id = dossier.member.employer_id
    return [officer for officer in officers if employer_id in scopes.of_officer(officer).unit_ids]


def correction_asked(dossier):
    """Tell the HR service that the fund asks for a correction of ``dossier`` (one e-mail each)."""
    for officer in _concerned(dossier):
        enqueue_with_transaction(send_correction_asked_email, dossier.pk, officer.user_id)


@task()
def send_correction_asked_email(dossier_id, user_id):
    dossier = RetirementDossier.objects.select_related("case", "member").filter(pk=dossier_id).first()
    officer = Officer.objects.active().select_related("user").filter(user_id=user_id).first()
    if dossier is None or officer is None or officer not in _concerned(dossier):
        return "not concerned"
    language = centre.language_of(centre.contact_of(officer.user))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "reference": dossier.case.reference,
            "url": settings.SITE_URL + reverse("partners:dossier", kwargs={"reference": dossier.case.reference}),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("partners/email/correction_subject.txt", context).strip()
        body = render_to_string("partners/email/correction.txt", context)
    send_mail(" ".join(subject.split()), body, None, [officer.user.email])
    return "sent"
