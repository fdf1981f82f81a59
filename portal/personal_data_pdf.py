"""The member's personal data (``personal_data.collect``) printed as a readable PDF, in French or Arabic.

The PDF prints exactly what the JSON holds: each section as a heading, each record as
"label: value" lines, nested lists (dossier events, claim messages...) indented under it.
Labels come from the models' translated field names where there is one; codes (status,
kind...) are shown with their translated choice labels, audit actions with the label of
the audit registry (portal/audit.py), never as the raw code.
"""

from allauth.mfa.models import Authenticator
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit, pdf
from portal.claims.models import Claim, ClaimEvent, ClaimMessage
from portal.lifecontrol.models import LifeCheck, Notice, Submission
from portal.models import (
    Attestation,
    CareerPeriod,
    ChangeRequest,
    ContributionYear,
    DeductionKind,
    Dossier,
    DossierEvent,
    Member,
    PensionPayment,
)
from portal.notifications.models import Contact, Delivery, Notification
from portal.proxies.choices import Via
from portal.proxies.models import Proxy

SECTIONS = [
    ("profile", gettext_lazy("Personal data"), Member),
    ("career_periods", gettext_lazy("Career"), CareerPeriod),
    ("contribution_years", gettext_lazy("Yearly contributions"), ContributionYear),
    ("payments", gettext_lazy("Payments"), PensionPayment),
    ("dossiers", gettext_lazy("Dossiers"), Dossier),
    ("change_requests", gettext_lazy("Change requests"), ChangeRequest),
    ("attestations", gettext_lazy("Attestations issued"), Attestation),
    ("claims", gettext_lazy("Claims"), Claim),
    ("life_control", gettext_lazy("Life certificates"), LifeCheck),
    ("proxies", gettext_lazy("People who may act for me"), Proxy),
    ("notifications", gettext_lazy("Messages sent to me"), Notification),
    ("audit_events", gettext_lazy("Events recorded about my file"), None),
    ("account", gettext_lazy("My account"), None),
]
NESTED_MODELS = {
    "events": DossierEvent,
    "messages": ClaimMessage,
    "history": ClaimEvent,
    "mfa": Authenticator,
    "deliveries": Delivery,
    "contact": Contact,
    "answers": Submission,
    "notices": Notice,
}

# Labels for keys that are not a model field with a translated name.
LABELS = {
    "created_at": gettext_lazy("date"),
    "events": gettext_lazy("events"),
    "messages": gettext_lazy("messages"),
    "history": gettext_lazy("history"),
    "attachments": gettext_lazy("attached files"),
    "from_member": gettext_lazy("written by me"),
    "body": gettext_lazy("message"),
    "due_at": gettext_lazy("answer due by"),
    "answered_at": gettext_lazy("answered on"),
    "closed_at": gettext_lazy("closed on"),
    "channel": gettext_lazy("channel"),
    "language": gettext_lazy("language"),
    "from_status": gettext_lazy("previous status"),
    "to_status": gettext_lazy("new status"),
    "action": gettext_lazy("what"),
    "actor": gettext_lazy("who"),
    "target": gettext_lazy("object"),
    "details": gettext_lazy("details"),
    "ip_address": gettext_lazy("from"),
    "ip": gettext_lazy("from"),
    "path": gettext_lazy("page"),
    "username": gettext_lazy("username"),
    "date_joined": gettext_lazy("account created on"),
    "last_login": gettext_lazy("last login"),
    "email_addresses": gettext_lazy("e-mail addresses"),
    "email": gettext_lazy("e-mail address"),
    "verified": gettext_lazy("verified"),
    "primary": gettext_lazy("primary"),
    "mfa": gettext_lazy("two-step verification"),
    "type": gettext_lazy("kind"),
    "last_used_at": gettext_lazy("last used"),
    "sessions": gettext_lazy("sessions"),
    "user_agent": gettext_lazy("browser"),
    "last_seen_at": gettext_lazy("last seen"),
    "closure_requests": gettext_lazy("account closure requests"),
    "reason": gettext_lazy("reason"),
    "handled_at": gettext_lazy("handled at"),
    "year": gettext_lazy("year"),
    "deadline": gettext_lazy("deadline"),
    "answers": gettext_lazy("answers sent"),
    "notices": gettext_lazy("reminders"),
    "files": gettext_lazy("files"),
    "posted_on": gettext_lazy("posted on"),
    "files_deleted_at": gettext_lazy("files deleted on"),
    "dossier": gettext_lazy("related dossier"),
    "via": gettext_lazy("on behalf"),
    "title": gettext_lazy("message"),
    "deliveries": gettext_lazy("sent by"),
    "contact": gettext_lazy("how I am told"),
    "channels": gettext_lazy("channels chosen"),
}
ACTORS = {"self": gettext_lazy("me"), "other": gettext_lazy("another account"), "system": gettext_lazy("the fund")}


def _field(model, key):
    try:
        field = model._meta.get_field(key) if model is not None else None
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None  # not a reverse relation


def _label(model, key):
    if key in LABELS:
        return str(LABELS[key])
    field = _field(model, key)
    return str(getattr(field, "verbose_name", key))


def _display(model, key, value):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = _field(model, key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if key == "action":
        return str(audit.label(value))
    if key == "actor":
        return str(ACTORS.get(value, value))
    if key == "via":
        return str(dict(Via.choices).get(value, value))
    if key == "deductions":
        labels = dict(DeductionKind.choices)
        return "; ".join(f"{labels.get(item['kind'], item['kind'])}: {item['amount']}" for item in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        # Requested changes and event details are keyed by the member's field names (phone, city...).
        return "; ".join(f"{_label(Member, k)}: {_display(Member, k, v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-":
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return formats.date_format(moment, "DATETIME_FORMAT")
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return str(value)


def _record(doc, record, model, indent):
    nested = []
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict) and key != "deductions":
            nested.append((key, value))
            continue
        doc.paragraph(f"{indent}{_label(model, key)}: {_display(model, key, value)}", size=10, height=6)
    for key, items in nested:
        doc.paragraph(f"{indent}{_label(model, key)}:", size=10, height=6)
        for item in items:
            _record(doc, item, NESTED_MODELS.get(key), indent + "    ")
            doc.pdf.ln(1)


def render(data, language):
    """The PDF bytes of ``data`` (from personal_data.collect) in ``language``."""
    with translation.override(language):
        doc = pdf.new_document(language, _("My personal data"))
        doc.paragraph(_("Pension fund"))
        doc.paragraph(_("My personal data"), size=18, height=12, align="C")
        doc.paragraph(
            _("Everything the portal holds about you, as of %(date)s.")
            % {"date": _display(None, "generated_at", data["generated_at"])},
            size=10,
            height=6,
        )
        for key, title, model in SECTIONS:
            content = data.get(key)
            doc.pdf.ln(4)
            doc.paragraph(title, size=14, height=9)
            records = content if isinstance(content, list) else [content] if content else []
            if not records:
                doc.paragraph(_("Nothing recorded."), size=10, height=6)
            for record in records:
                _record(doc, record, model, "")
                doc.pdf.ln(2)
    return doc.output()
