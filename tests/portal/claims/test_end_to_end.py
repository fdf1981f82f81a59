"""The issue's "done when": a member files in Arabic with an attachment; an agent finds it in the
queue and asks a question; the member answers; the agent closes it; the member sees the whole
thread; the transparency page counts it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from portal.claims.models import Claim
from portal.steering import refresh
from tests.portal import sample_files as files
from tests.portal.text import shown

pytestmark = pytest.mark.django_db(transaction=True)


def test_claim_round_trip(member_client, agent_client, member_user):
    with translation.override("ar"):
        new_url = reverse("claims:new")
    response = member_client.post(
        new_url,
        {
            "category": "payments",
            "subject": "لم أتوصل بالمعاش",
            "description": "لم يُصرف معاشي لشهر أكتوبر.",
            "attachments": [SimpleUploadedFile("كشف.pdf", files.pdf_bytes())],
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert any(claim.reference in m.subject for m in mail.outbox)  # acknowledgement, after commit

    queue = agent_client.get(reverse("claims_queue")).content.decode()
    assert claim.reference in queue
    agent_client.post(
        reverse("claims_message", kwargs={"pk": claim.pk}),
        {"body": "هل يمكنكم تأكيد رقم الحساب البنكي؟", "kind": "reply", "new_status": "waiting_member"},
    )
    claim.refresh_from_db()
    assert claim.status == "waiting_member"

    with translation.override("ar"):
        reply_url = reverse("claims:reply", kwargs={"reference": claim.reference})
        detail_url = reverse("claims:detail", kwargs={"reference": claim.reference})
    member_client.post(reply_url, {"body": "نعم، الحساب لم يتغير."})
    claim.refresh_from_db()
    assert claim.status == "in_progress"

    agent_client.post(
        reverse("claims_message", kwargs={"pk": claim.pk}),
        {"body": "تم صرف المعاش اليوم.", "kind": "reply", "new_status": "closed"},
    )
    claim.refresh_from_db()
    assert claim.status == "closed"

    thread = member_client.get(detail_url).content.decode()
    positions = [
        thread.index(text)
        for text in (
            "لم يُصرف معاشي",
            "كشف.pdf",
            "هل يمكنكم تأكيد",
            "نعم، الحساب لم يتغير.",
            "تم صرف المعاش اليوم.",
        )
    ]
    assert positions == sorted(positions)

    # The public figures (from the summary tables, after the periodic refresh): one claim is too few to publish.
    refresh.refresh()
    figures = member_client.get("/ar/transparency/").content.decode()
    assert shown("fewer than %(minimum)s", "ar", minimum=10) in figures
