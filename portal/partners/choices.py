"""The vocabularies of the partners' area: officers' roles, API scopes, audit actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an HR officer may do for the civil servants in their scope (each role includes the one before)."""

    READER = "reader", _("Reader: sees the list of retirements and the dossiers")
    PREPARER = "preparer", _("Preparer: also fills in dossiers and answers the fund's corrections")
    SIGNATORY = "signatory", _("Signatory: also signs and sends dossiers to the fund")


# Each role may do what the roles before it may.
RANK = {Role.READER: 0, Role.PREPARER: 1, Role.SIGNATORY: 2}


def at_least(role, needed):
    return RANK[Role(role)] >= RANK[Role(needed)]


class ApiScope(models.TextChoices):
    """What an employer's API token may do."""

    READ_RETIREMENTS = "retirements:read", _("Read the coming retirements")
    READ_DOSSIERS = "dossiers:read", _("Read the dossiers and their status")
    WRITE_DOSSIERS = "dossiers:write", _("Prepare dossiers (answers and documents)")
    SUBMIT_DOSSIERS = "dossiers:submit", _("Sign and send dossiers to the fund")


class AuditAction(models.TextChoices):
    """What partners do, as written to the audit log (registered in PartnersConfig.ready).

    The actions on a civil servant's file are listed to them in "Who acted on my file", with the
    ``via`` "employer": they read that their employer's HR service viewed or prepared their file.
    """

    VIEWED = "partners.viewed", _("Your employer's HR service viewed your file")
    LISTED = "partners.listed", _("Coming retirements listed by an employer")
    EXPORTED = "partners.exported", _("Coming retirements exported by an employer")
    PREPARED = "partners.prepared", _("Retirement dossier prepared by your employer's HR service")
    SUBMITTED = "partners.submitted", _("Retirement dossier sent to the fund by your employer")
    CORRECTED = "partners.corrected", _("Retirement dossier corrected by your employer's HR service")
    UPLOADED = "partners.uploaded", _("Retirement dossiers uploaded in bulk by an employer")
    INVITED = "partners.invited", _("HR officer invited")
    JOINED = "partners.joined", _("HR officer joined an organisation")
    ROLE_CHANGED = "partners.role_changed", _("HR officer's role changed")
    REVOKED = "partners.revoked", _("HR officer's access ended")
    TOKEN_CREATED = "partners.token_created", _("Employer API token created")
    TOKEN_REVOKED = "partners.token_revoked", _("Employer API token revoked")
    ORGANISATION_ACCESS = (
        "partners.organisation_access",
        _("Employer's access to the partners' space turned on or off"),
    )
