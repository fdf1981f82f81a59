"""The employer's side of a retirement dossier, shown on the agent's request page in the admin
(registered with ``portal.casework.admin_panels`` in ``PartnersConfig.ready``)."""

from django.utils import timezone

from portal.partners import deadlines
from portal.partners.models import RetirementDossier

TEMPLATE = "partners/admin/case_panel.html"


def context(case):
    """The dossier (organisation, preparer, signatory, dates) with ``came_on_time``, or None."""
    dossier = (
        RetirementDossier.objects.select_related("organisation", "prepared_by", "signed_by")
        .filter(case_id=case.pk)
        .first()
    )
    if dossier is not None:
        sent = case.submitted_at
        dossier.came_on_time = (
            deadlines.on_time(sent_on=timezone.localdate(sent), retirement=dossier.retirement_date) if sent else None
        )
    return dossier
