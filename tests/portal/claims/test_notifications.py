"""E-mails go through the task queue and exist only if the transaction commits."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from portal.claims import services, workflow
from portal.claims.choices import Status
from portal.claims.tasks import send_claim_email

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Rollback(Exception):
    pass


def _claim_tasks():
    return list(
        DBTaskResult.objects.filter(task_path__endswith="send_claim_email").values_list("args_kwargs", flat=True)
    )


def _new(member):
    return services.NewClaim(member=member, category="payments", subject="Retard", description="Pas reçu")


@pytest.mark.django_db(transaction=True)
def test_acknowledgement_task_only_when_the_claim_commits(settings, member, member_user):
    settings.TASKS = DB_QUEUE
    with pytest.raises(Rollback), transaction.atomic():
        services.file_claim(_new(member), actor=member_user)
        raise Rollback
    assert _claim_tasks() == []

    claim = services.file_claim(_new(member), actor=member_user)
    assert _claim_tasks() == [{"args": [claim.pk, "acknowledgement"], "kwargs": {}}]


@pytest.mark.django_db(transaction=True)
def test_reply_and_status_change_each_enqueue_one_email(settings, member, member_user, agent):
    settings.TASKS = DB_QUEUE
    claim = services.file_claim(_new(member), actor=member_user)
    DBTaskResult.objects.all().delete()
    services.post_message(claim, actor=agent, body="Une question", new_status=Status.WAITING_MEMBER)
    assert [t["args"][1] for t in _claim_tasks()] == ["reply"]
    services.post_message(claim, actor=agent, body="note", is_internal=True)
    services.post_message(claim, actor=member_user, body="réponse", from_member=True)
    assert [t["args"][1] for t in _claim_tasks()] == ["reply"]
    workflow.transition(claim, Status.CLOSED, actor=agent)
    assert [t["args"][1] for t in _claim_tasks()] == ["reply", "status"]


@pytest.mark.django_db
def test_email_is_in_the_claims_language_and_without_its_content(member, member_user):
    claim = services.file_claim(
        services.NewClaim(member=member, category="payments", subject="سري", description="نص سري", language="ar"),
        actor=member_user,
    )
    mail.outbox.clear()
    assert send_claim_email.call(claim.pk, "acknowledgement") == "sent"
    [message] = mail.outbox
    assert message.to == [member_user.email]
    assert claim.reference in message.subject
    assert f"/ar/portal/claims/{claim.reference}/" in message.body
    assert "نص سري" not in message.body
    assert message.body.startswith("السلام عليكم")
