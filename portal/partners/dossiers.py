"""What an employer's HR service does with a retirement dossier: open it, fill it, attach the
documents, sign and send it, send back a correction; and the look at a civil servant's file.

Each function is keyword-only and takes the ``scope`` it acts in (``portal.partners.scope``: an
officer's or an API token's), the acting account (``actor``: None for an HR system through the
API, which is then named by ``label``) and the audit ``context``. A civil servant outside the
scope is not found (``NotFound``), whatever the caller typed; what the role does not allow is
``NotAllowed`` with a translated message. The dossier itself is a request on the case core
(procedure ``employer_dossier``): the steps, documents and statuses are ``portal.casework.services``'.
Every action on a civil servant's file is written to the audit log with ``via`` "employer", so that
they read it in "Who acted on my file".
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.casework import procedures
from portal.casework import services as cases
from portal.casework.choices import FINAL, Channel
from portal.casework.services import NotAllowed
from portal.models import Member, MemberStatus
from portal.partners import deadlines
from portal.partners.choices import AuditAction
from portal.partners.models import RetirementDossier
from portal.proxies.choices import Via

PROCEDURE = "employer_dossier"

__all__ = ["NotAllowed", "NotFound"]


class NotFound(Exception):
    """No such civil servant or dossier in the caller's scope (a 404 for the pages and the API)."""


def procedure():
    return procedures.get(PROCEDURE)


def _context(context, label=""):
    """The caller's context, marked as the employer's (and naming its HR system when no account acts)."""
    base = context or audit.AuditContext.none()
    return audit.AuditContext(ip_address=base.ip_address, path=base.path, via=Via.EMPLOYER, actor_label=label)


def _log(action, *, actor, context, member, target="", details=None, label=""):
    audit.log(
        action,
        actor=actor,
        context=_context(context, label),
        member=member,
        target=target,
        details=details,
        actor_label=label,
    )


def member_in_scope(scope, pk):
    """The civil servant ``pk`` if the scope covers them, else NotFound."""
    member = scope.members().filter(pk=pk).select_related("employer").first()
    if member is None:
        raise NotFound
    return member


def dossier_in_scope(scope, reference):
    """The dossier whose case has ``reference``, if the scope covers its civil servant, else NotFound."""
    dossier = (
        scope.dossiers()
        .select_related("case", "member", "member__employer", "organisation")
        .filter(case__reference=reference)
        .first()
    )
    if dossier is None:
        raise NotFound
    return dossier


def viewed(*, scope, member, actor, context=None, label=""):
    """An officer (or an HR system) looked at a civil servant's file: audited, the member reads it."""
    _log(AuditAction.VIEWED, actor=actor, context=context, member=member, target=member.affiliation_number, label=label)


def listed(*, scope, count, exported=False, actor, context=None, label=""):
    """The list of coming retirements was read (or exported): audited once per look, not per person."""
    action = AuditAction.EXPORTED if exported else AuditAction.LISTED
    _log(
        action,
        actor=actor,
        context=context,
        member=None,
        target=scope.organisation.core_id,
        details={"count": count},
        label=label,
    )


def _require(allowed, message):
    if not allowed:
        raise NotAllowed(message)


def start(*, scope, member_pk, actor, language, context=None, label="", source_key="", now=None):
    """The dossier in progress for the civil servant ``member_pk``, or a new draft: (dossier, created)."""
    now = now or timezone.now()
    _require(scope.may_prepare, _("Your role does not let you prepare dossiers."))
    member = member_in_scope(scope, member_pk)
    with transaction.atomic():
        # One dossier in progress per civil servant: two officers starting at once must not make two.
        Member.objects.select_for_update().filter(pk=member.pk).first()
        current = (
            RetirementDossier.objects.filter(member=member)
            .exclude(case__status__in=FINAL)
            .select_related("case")
            .first()
        )
        if current is not None:
            return current, False
        if member.status != MemberStatus.CONTRIBUTING:
            raise NotAllowed(_("This person is no longer in service: their retirement is already recorded."))
        retirement = deadlines.retirement_date(member.birth_date)
        case = cases.open_draft(
            procedure(),
            actor=actor,
            member=member,
            channel=Channel.EMPLOYER,
            language=language,
            context=_context(context, label),
            now=now,
        )
        dossier = RetirementDossier.objects.create(
            case=case,
            organisation=member.employer.top() if member.employer_id else scope.organisation,
            member=member,
            retirement_date=retirement,
            due_on=deadlines.due_on(retirement),
            prepared_by=actor if actor is not None and actor.is_authenticated else None,
            source_key=source_key,
            created_at=now,
        )
        _log(AuditAction.PREPARED, actor=actor, context=context, member=member, target=case.reference, label=label)
    return dossier, True


def save_step(*, scope, dossier, step, cleaned_data, actor, context=None, label=""):
    """Keep one step's answers (in a draft, or while the fund waits for a correction)."""
    _require(scope.may_prepare, _("Your role does not let you prepare dossiers."))
    case = cases.save_step(dossier.case, step, cleaned_data, actor=actor)
    _log(
        AuditAction.PREPARED,
        actor=actor,
        context=context,
        member=dossier.member,
        target=case.reference,
        label=label,
        details={"step": step},
    )
    dossier.case = case
    return dossier


def add_documents(*, scope, dossier, uploads, actor, context=None, label=""):
    """Attach checked files: ``uploads`` is [(checklist key, files)] (``casework.services.send_documents``)."""
    _require(scope.may_prepare, _("Your role does not let you prepare dossiers."))
    stored = cases.send_documents(dossier.case, actor=actor, uploads=uploads, context=_context(context, label))
    _log(
        AuditAction.PREPARED,
        actor=actor,
        context=context,
        member=dossier.member,
        target=dossier.case.reference,
        label=label,
        details={"documents": [key for key, _files in uploads]},
    )
    return stored


def remove_document(*, scope, dossier, document, actor):
    _require(scope.may_prepare, _("Your role does not let you prepare dossiers."))
    cases.remove_document(dossier.case, document, actor=actor)


def submit(*, scope, dossier, actor, context=None, label="", now=None):
    """Sign and send the dossier to the fund (a second click finds it sent)."""
    _require(scope.may_submit, _("Only a signatory can sign and send a dossier."))
    case = cases.submit(dossier.case, actor=actor, context=_context(context, label), now=now)
    if dossier.signed_by_id is None and actor is not None and actor.is_authenticated:
        RetirementDossier.objects.filter(pk=dossier.pk, signed_by__isnull=True).update(signed_by=actor)
        dossier.signed_by = actor
    _log(AuditAction.SUBMITTED, actor=actor, context=context, member=dossier.member, target=case.reference, label=label)
    dossier.case = case
    return dossier


def send_correction(*, scope, dossier, actor, message="", context=None, label=""):
    """Send back the dossier the fund asked to correct (a preparer's answer to the fund)."""
    _require(scope.may_prepare, _("Your role does not let you prepare dossiers."))
    cases.send_correction(dossier.case, actor=actor, message=message, context=_context(context, label))
    _log(
        AuditAction.CORRECTED,
        actor=actor,
        context=context,
        member=dossier.member,
        target=dossier.case.reference,
        label=label,
    )
    dossier.case.refresh_from_db()
    return dossier
