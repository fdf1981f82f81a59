"""The partners' rule, written once: which civil servants an HR officer (or an employer's API token)
may see and act for, and what their role lets them do.

An officer sees the civil servants whose unit (``Member.employer``) is in their organisation's
tree, or, when they are given sub-units, in those sub-units' trees; an API token sees its whole
organisation. Every page, the CSV export, the bulk upload and the API start their querysets
from a ``Scope``: another organisation's civil servant or dossier is simply not found (404).
"""

from dataclasses import dataclass

from portal.models import Member, MemberStatus
from portal.partners.choices import ApiScope, Role, at_least
from portal.partners.models import Organisation, RetirementDossier


@dataclass(frozen=True)
class Scope:
    organisation: Organisation  # the organisation the officer or token belongs to
    unit_ids: frozenset  # the units whose civil servants are in scope
    may_prepare: bool
    may_submit: bool
    may_read_dossiers: bool = True
    may_read_retirements: bool = True

    def members(self):
        """Civil servants in scope (in service or not: a dossier outlives the retirement)."""
        return Member.objects.filter(employer_id__in=self.unit_ids)

    def in_service(self):
        return self.members().filter(status=MemberStatus.CONTRIBUTING)

    def dossiers(self):
        """The retirement dossiers about civil servants in scope (whoever in the organisation prepared them)."""
        return RetirementDossier.objects.filter(member__employer_id__in=self.unit_ids)


def _tree(organisations):
    ids = set()
    for organisation in organisations:
        ids |= organisation.tree_ids()
    return frozenset(ids)


def of_officer(officer):
    """The scope of an active officer (``Officer.objects.active()``)."""
    units = list(officer.units.all())
    organisation = officer.organisation
    return Scope(
        organisation=organisation,
        unit_ids=_tree(units) if units else frozenset(organisation.tree_ids()),
        may_prepare=at_least(officer.role, Role.PREPARER),
        may_submit=at_least(officer.role, Role.SIGNATORY),
    )


def of_token(token):
    """The scope of a usable API token: its whole organisation, as far as its scopes allow."""
    return Scope(
        organisation=token.organisation,
        unit_ids=frozenset(token.organisation.tree_ids()),
        may_prepare=token.allows(ApiScope.WRITE_DOSSIERS),
        may_submit=token.allows(ApiScope.SUBMIT_DOSSIERS),
        may_read_dossiers=token.allows(ApiScope.READ_DOSSIERS),
        may_read_retirements=token.allows(ApiScope.READ_RETIREMENTS),
    )
