"""Read queries on claims: the agents' queue and what a member sees of their own claims.

Member-facing reads all go through ``visible_to_member()`` (portal/claims/models.py), the one
home of "a member never sees an agent's internal note"; another member's claim or
attachment is simply not found (the views answer 404).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404

from portal.claims import permissions
from portal.claims.choices import Status
from portal.claims.models import Claim

QUEUE_PAGE_SIZE = 50


def agents():
    """Users who can work on claims (members of the agents' or supervisors' group, or superusers)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[permissions.CLAIMS_AGENTS, permissions.CLAIMS_SUPERVISORS]) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def filter_queue(queryset, filters, user, now=None):
    """Apply the queue's filters (a cleaned QueueFilterForm's data)."""
    for name in ("status", "category", "channel"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("overdue"):
        queryset = queryset.overdue(now)
    if filters.get("mine"):
        queryset = queryset.filter(assigned_to=user)
    if filters.get("unassigned"):
        queryset = queryset.filter(assigned_to__isnull=True)
    return queryset


def queue_claims(filters, user):
    """The queue as agents see it: the most urgent (earliest due) on top; closed claims only
    when the status filter asks for them (the indexes of Claim.Meta follow this shape)."""
    # The description (free text, often long) is read on the claim's own page, not in the listing.
    claims = filter_queue(Claim.objects.select_related("member", "assigned_to").defer("description"), filters, user)
    claims = claims.order_by("due_at", "pk")
    if not filters.get("status"):
        claims = claims.exclude(status=Status.CLOSED)
    return claims


def claim_for_agent(pk):
    return get_object_or_404(Claim.objects.select_related("member", "dossier", "assigned_to"), pk=pk)


def agent_thread(claim):
    """The whole thread, internal notes included (agents only)."""
    return claim.messages.select_related("author").prefetch_related("attachments")


def member_claims(member):
    """The member's claims, newest first, with how many answers from the fund each holds."""
    return Claim.objects.filter(member=member).with_replies_count().order_by("-created_at", "-pk")


def member_claim(member, reference):
    """One of the member's own claims (404 for anyone else's)."""
    return get_object_or_404(Claim.objects.filter(member=member).select_related("dossier"), reference=reference)


def member_thread(claim):
    """The messages the member may read, with their files."""
    return claim.messages.visible_to_member().select_related("author").prefetch_related("attachments")


def claim_files(claim):
    """Files attached to the claim itself (not to a message)."""
    return claim.attachments.filter(message__isnull=True)


def member_attachment(claim, attachment_id):
    """An attachment of the member's claim that the member may download, or 404."""
    return get_object_or_404(claim.attachments.visible_to_member(), pk=attachment_id)


def awaiting_member(member):
    """The member's claims that wait for the member's answer (the dashboard says how many)."""
    return Claim.objects.filter(member=member).awaiting_member()
