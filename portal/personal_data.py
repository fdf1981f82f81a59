"""Everything the portal holds about one member, for the member's right of access.

``collect(member)`` returns plain JSON-ready data (strings, numbers, lists, dicts): the JSON
download is this, and the PDF prints the same thing. Keys are the models' field names and
values the stored codes, so the file can be read by a program; the PDF turns them into labels.

What is deliberately left out: agents' internal notes on claims (and the files attached to
them), other people's identities (an account that is neither the member's nor staff is shown
as "another account"), secrets (MFA keys, password hash, session keys), and file contents
(claim attachments are listed by name: the member downloads them from the claim itself).
The full RIB is included: it is the member's own data, and the downloads ask for the
password again (see views/personal_data.py) so a stolen session alone does not reveal it.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db.models import Prefetch, Q
from django.utils import timezone

from portal.claims.models import Claim, ClaimAttachment, ClaimMessage
from portal.models import AccountClosureRequest, AuditEvent
from portal.notifications.models import Contact, Notification

FORMAT = "pension-portal-personal-data/1"

PROFILE_FIELDS = [
    "core_id",
    "affiliation_number",
    "pension_number",
    "national_id",
    "first_name",
    "last_name",
    "first_name_ar",
    "last_name_ar",
    "birth_date",
    "status",
    "sex",
    "email",
    "phone",
    "address_line",
    "postal_code",
    "city",
    "bank_rib",
]


def _value(value):
    if value is None or isinstance(value, (str, int, bool, list, dict)):
        return value
    if hasattr(value, "isoformat"):
        # Datetimes to the second: enough for a person, stable for a program.
        return value.isoformat(timespec="seconds") if hasattr(value, "hour") else value.isoformat()
    return str(value)  # Decimal: kept exact, as text


def _fields(instance, names):
    return {name: _value(getattr(instance, name)) for name in names}


def _career(member):
    names = ["administration", "grade", "start_date", "end_date", "contribution_base"]
    return [_fields(period, names) for period in member.career_periods.order_by("start_date", "pk")]


def _contributions(member):
    names = ["year", "contribution_base", "employee_amount", "employer_amount"]
    return [_fields(year, names) for year in member.contribution_years.order_by("year")]


def _payments(member):
    names = ["period", "gross", "deductions", "net", "payment_date"]
    return [_fields(payment, names) for payment in member.payments.order_by("period", "pk")]


def _dossiers(member):
    names = ["reference", "kind", "status", "opened_on", "closed_on", "next_step_fr", "next_step_ar", "expected_on"]
    event_names = ["date", "step", "message_fr", "message_ar"]
    return [
        {**_fields(dossier, names), "events": [_fields(event, event_names) for event in dossier.events.all()]}
        for dossier in member.dossiers.order_by("opened_on", "pk").prefetch_related("events")
    ]


def _changes(member):
    names = ["kind", "status", "new_value", "old_value", "created_at", "decided_at", "decision_note"]
    return [_fields(change, names) for change in member.change_requests.order_by("created_at", "pk")]


def _attestations(member):
    names = ["kind", "language", "issued_on", "holder_name"]
    return [_fields(attestation, names) for attestation in member.attestations.order_by("created_at", "pk")]


def _claims(member):
    # Internal notes are the agents' working notes, never shown to the member anywhere:
    # filtered in the query, so neither they nor their attachments are even loaded.
    public_messages = ClaimMessage.objects.visible_to_member().prefetch_related("attachments")
    claim_files = ClaimAttachment.objects.filter(message__isnull=True)  # attached to the claim itself
    claims = (
        Claim.objects.filter(member=member)
        .select_related("dossier")
        .prefetch_related(
            Prefetch("messages", queryset=public_messages, to_attr="public_messages"),
            Prefetch("attachments", queryset=claim_files, to_attr="claim_files"),
            "events",
        )
        .order_by("created_at", "pk")
    )
    names = ["reference", "category", "subject", "description", "status", "channel", "language", "created_at"]
    names += ["due_at", "answered_at", "closed_at"]
    return [
        {
            **_fields(claim, names),
            "dossier": claim.dossier.reference if claim.dossier else None,
            "attachments": [attachment.original_name for attachment in claim.claim_files],
            "messages": [
                {
                    "created_at": _value(message.created_at),
                    "from_member": message.from_member,
                    "body": message.body,
                    "attachments": [attachment.original_name for attachment in message.attachments.all()],
                }
                for message in claim.public_messages
            ],
            "history": [
                _fields(event, ["created_at", "kind", "from_status", "to_status"]) for event in claim.events.all()
            ],
        }
        for claim in claims
    ]


def _life_control(member):
    """Each year's life control: the check as drawn, each answer with its decision and reason, the
    notices. The photos themselves are not in the download (they are deleted after the decision);
    their names are listed while they are kept."""
    from portal.lifecontrol.models import LifeCheck

    checks = (
        LifeCheck.objects.of_member(member)
        .select_related("campaign")
        .prefetch_related("submissions__files", "notices")
        .order_by("campaign__opens_on", "pk")
    )
    names = ["status", "country", "answered_at", "accepted_at", "suspended_at", "reinstated_at"]
    answer_names = ["created_at", "method", "channel", "received_on", "review", "reason", "reviewed_at"]
    answer_names += ["files_deleted_at"]
    return [
        {
            "year": check.campaign.year,
            "deadline": _value(check.campaign.deadline),
            **_fields(check, names),
            "answers": [
                {
                    **_fields(answer, answer_names),
                    "files": [item.original_name for item in answer.files.all() if item.file],
                }
                for answer in check.submissions.all()
            ],
            "notices": [_fields(notice, ["kind", "created_at", "posted_on"]) for notice in check.notices.all()],
        }
        for check in checks
    ]


def _actor(event, user):
    if user is not None and event.actor_id == user.pk:
        return "self"
    if event.actor_is_staff or event.via:
        # Staff, and the people the member (or a court) let act on the file: the member may know who.
        return event.actor_label
    # Someone else's account (e.g. a failed attempt to link it to this file): not theirs to learn.
    return "other" if event.actor_label else "system"


def _audit(member, user):
    concerning = Q(member=member) | Q(actor=user) if user is not None else Q(member=member)
    events = AuditEvent.objects.filter(concerning).order_by("created_at", "pk")
    return [
        {
            "created_at": _value(event.created_at),
            "action": event.action,
            "actor": _actor(event, user),
            "via": event.via,
            "target": event.target,
            "details": event.details,
            "ip_address": event.ip_address,
            "path": event.path,
        }
        for event in events
    ]


def _proxies(member):
    names = ["basis", "scope", "name", "email", "expires_on", "invited_at", "accepted_at", "revoked_at"]
    names += ["court_reference"]
    return [_fields(proxy, names) for proxy in member.proxies.order_by("invited_at", "pk")]


def _notifications(member, user):
    from portal.notifications import rendering

    concerning = Q(member=member) | Q(account=user) if user is not None else Q(member=member)
    notifications = Notification.objects.filter(concerning).prefetch_related("deliveries").order_by("created_at", "pk")
    return [
        {
            "created_at": _value(notification.created_at),
            "kind": notification.kind,
            "title": rendering.render(notification).title,
            "read_at": _value(notification.read_at),
            "deliveries": [
                _fields(delivery, ["channel", "destination", "status", "sent_at"])
                for delivery in notification.deliveries.all()
            ],
        }
        for notification in notifications
    ]


def _account(member, user):
    if user is None:
        return None
    return {
        "username": user.get_username(),
        "date_joined": _value(user.date_joined),
        "last_login": _value(user.last_login),
        "email_addresses": [
            _fields(address, ["email", "verified", "primary"])
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        # Which second factors exist and when they were used; never their secrets.
        "mfa": [
            _fields(authenticator, ["type", "created_at", "last_used_at"])
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "sessions": [
            _fields(session, ["ip", "user_agent", "created_at", "last_seen_at"])
            for session in UserSession.objects.filter(user=user).order_by("-last_seen_at", "pk")
        ],
        "contact": [
            _fields(contact, ["mobile", "mobile_verified_at", "language", "channels"])
            for contact in Contact.objects.filter(account=user)
        ],
        "closure_requests": [
            _fields(closure, ["email", "reason", "created_at", "handled_at"])
            for closure in AccountClosureRequest.objects.filter(user=user).order_by("created_at")
        ],
    }


def collect(member):
    """Everything about ``member`` (and its linked account), JSON-ready. Reads only."""
    user = member.user
    return {
        "format": FORMAT,
        "generated_at": _value(timezone.now()),
        "profile": _fields(member, PROFILE_FIELDS),
        "career_periods": _career(member),
        "contribution_years": _contributions(member),
        "payments": _payments(member),
        "dossiers": _dossiers(member),
        "change_requests": _changes(member),
        "attestations": _attestations(member),
        "claims": _claims(member),
        "life_control": _life_control(member),
        "proxies": _proxies(member),
        "notifications": _notifications(member, user),
        "audit_events": _audit(member, user),
        "account": _account(member, user),
    }
