"""The rows of the agents' queue, prepared once in Python rather than looked up cell by cell in the template.

The queue page was bounded by rendering, not SQL: fifty rows each resolving a dozen template lookups
(choice labels, the overdue rule, the assignee's name). Each row is now a plain record; the
labels come from dictionaries built once per request, and the overdue rule from the model's one home.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from portal.claims.choices import STAFF_STATUS_LABELS, Category, Channel, Status


@dataclass(frozen=True)
class QueueRow:
    url: str
    reference: str
    member_name: str
    member_name_ar: str  # empty when the member has no Arabic name on file
    subject: str
    category: str
    channel: str
    status: str
    due_at: datetime
    overdue: bool
    assignee: str  # empty when unassigned


def queue_rows(page, *, now):
    """One QueueRow per claim of the page (select_related member and assigned_to: no query per row)."""
    categories, channels = dict(Category.choices), dict(Channel.choices)
    statuses = {**dict(Status.choices), **STAFF_STATUS_LABELS}
    rows = []
    for claim in page:
        member, agent = claim.member, claim.assigned_to
        # full_name_ar falls back to the Latin name: shown once, not twice.
        arabic = member.full_name_ar if member.full_name_ar != member.full_name else ""
        rows.append(
            QueueRow(
                url=reverse("claims_claim", kwargs={"pk": claim.pk}),
                reference=claim.reference,
                member_name=member.full_name,
                member_name_ar=arabic,
                subject=claim.subject,
                category=str(categories.get(claim.category, claim.category)),
                channel=str(channels.get(claim.channel, claim.channel)),
                status=str(statuses.get(claim.status, claim.status)),
                due_at=claim.due_at,
                overdue=claim.is_overdue(now),
                assignee=(agent.get_full_name() or agent.get_username()) if agent else "",
            )
        )
    return rows
