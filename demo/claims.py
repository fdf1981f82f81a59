"""Demo claims for the demo member (fixtures/claims/demo_claims.json), filed through the claims services.

The subject is each demo claim's key, so loading twice changes nothing.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.accounts import AGENT, MEMBER
from portal.claims import services, workflow
from portal.claims.choices import Status

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "claims" / "demo_claims.json"


# The order in which the workflow reaches each demo status.
_PATH = {
    Status.SUBMITTED: [],
    Status.IN_PROGRESS: [Status.IN_PROGRESS],
    Status.WAITING_MEMBER: [Status.WAITING_MEMBER],
    Status.ANSWERED: [Status.ANSWERED],
    Status.CLOSED: [Status.ANSWERED, Status.CLOSED],
}


def _member_and_agent():
    users = get_user_model().objects
    member_user = users.filter(username=MEMBER).select_related("member").first()
    member = getattr(member_user, "member", None) if member_user else None
    return member_user, member, users.filter(username=AGENT).first()


def load():
    """File the demo claims that are missing; returns how many the demo member has."""
    member_user, member, agent = _member_and_agent()
    if member is None:
        return 0  # the demo member account is not linked to a member file
    with transaction.atomic():
        for item in json.loads(FIXTURE.read_text(encoding="utf-8")):
            if member.claims.filter(subject=item["subject"]).exists():
                continue
            _create(item, member, member_user, agent)
    return member.claims.count()


def _create(item, member, member_user, agent):
    now = timezone.now()
    start = now - timedelta(days=item["days_ago"])
    on_behalf = item["channel"] != "web"
    claim = services.file_claim(
        services.NewClaim(
            member=member,
            category=item["category"],
            subject=item["subject"],
            description=item["description"],
            channel=item["channel"],
            language=item["language"],
        ),
        actor=agent if on_behalf else member_user,
        now=start,
    )
    if agent is not None and item["status"] != Status.SUBMITTED:
        services.assign(claim, agent, actor=agent, now=start + timedelta(hours=2))
    for message in item["messages"]:
        services.post_message(
            claim,
            actor=member_user if message["from_member"] else agent,
            body=message["body"],
            from_member=message["from_member"],
            now=now - timedelta(days=message["days_ago"]),
        )
    for status in _PATH[Status(item["status"])]:
        if claim.status != status:
            workflow.transition(claim, status, actor=agent, now=now - timedelta(days=1), notify=False)
    return claim
