"""The core system's import tells what is new: this month's payment, a dossier's new step.

Through the real import (``portal.importing.engine`` with the real specs), on files written here:
one notification per new recent row, one delivery per chosen channel, nothing for the history the
first import brings, nothing more when the same file (or the same batch) is imported again.
"""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from portal import file_notifications
from portal.importing import engine
from portal.importing.specs import SPECS
from portal.notifications.choices import Channel
from portal.notifications.models import Contact, Delivery, Notification
from tests.portal import factories
from tests.portal.text import shown

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=file_notifications.RECENT_DAYS + 1)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def payment(member, day, n):
    return {
        "core_id": f"PAY-{member.core_id}-{n}",
        "member_core_id": member.core_id,
        "period": f"{day:%Y-%m}",
        "gross": "5000.00",
        "deductions": [{"kind": "amo", "amount": "226.00"}],
        "net": "4774.00",
        "payment_date": day.isoformat(),
    }


def event(dossier, day, n, step="in_progress"):
    return {
        "core_id": f"EV-{dossier.core_id}-{n}",
        "dossier_core_id": dossier.core_id,
        "date": day.isoformat(),
        "step": step,
        "message_fr": "Le calcul de votre pension de 7 412,50 DH est en cours.",
        "message_ar": "احتساب معاشكم جار.",
    }


@pytest.fixture
def pensioner(db):
    return factories.MemberFactory(user=factories.UserFactory(), status="retired", phone="0612345678")


def test_the_first_import_of_a_history_tells_only_the_recent_payment(
    tmp_path, pensioner, django_capture_on_commit_callbacks
):
    history = [payment(pensioner, LONG_AGO - datetime.timedelta(days=30 * n), n) for n in range(1, 25)]
    path = write_jsonl(tmp_path / "payments.jsonl", [*history, payment(pensioner, TODAY, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        report = engine.run(SPECS["payments"], path, batch_size=10)
    assert (report.created, report.told) == (25, 1)
    [notification] = Notification.objects.all()
    assert notification.kind == "payment.made"
    assert (notification.member, notification.account) == (pensioner, pensioner.user)
    assert notification.key == f"payment.made:PAY-{pensioner.core_id}-0"
    # E-mail only (the kind's default), with no amount.
    assert list(notification.deliveries.values_list("channel", flat=True)) == [Channel.EMAIL]
    [message] = mail.outbox
    assert message.to == [pensioner.user.email]
    assert "/fr/portal/payments/" in message.body
    for private in ("5000", "4774", "226", "5 000", "4 774"):
        assert private not in message.body and private not in message.subject

    # The same file again (a re-run import): nothing new, nothing told.
    with django_capture_on_commit_callbacks(execute=True):
        report = engine.run(SPECS["payments"], path, batch_size=10)
    assert (report.created, report.told) == (0, 0)
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_retried_batch_tells_no_one_twice(pensioner):
    row = {"core_id": "PAY-X", "member_id": pensioner.pk, "period": TODAY.replace(day=1), "payment_date": TODAY}
    assert file_notifications.payments_imported([row]) == 1
    assert file_notifications.payments_imported([row]) == 0
    assert Notification.objects.count() == 1 and Delivery.objects.count() == 1


def test_the_payment_is_told_in_the_members_language_and_by_text_if_chosen(
    tmp_path, pensioner, django_capture_on_commit_callbacks
):
    Contact.objects.create(account=pensioner.user, language="ar", channels={"payment.made": [Channel.SMS]})
    path = write_jsonl(tmp_path / "payments.jsonl", [payment(pensioner, TODAY, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(SPECS["payments"], path)
    [notification] = Notification.objects.all()
    assert notification.language == "ar"
    # The mobile on file (the member did not confirm another): the text message only, as chosen.
    delivery = notification.deliveries.get()
    assert (delivery.channel, delivery.destination, delivery.status) == (Channel.SMS, "+212612345678", "sent")
    assert mail.outbox == []
    assert notification.params["period_ar"] != notification.params["period_fr"]


def test_a_new_dossier_step_is_told_by_e_mail_and_text(tmp_path, pensioner, django_capture_on_commit_callbacks):
    dossier = factories.DossierFactory(member=pensioner)
    rows = [event(dossier, LONG_AGO, 1, step="open"), event(dossier, TODAY, 2)]
    path = write_jsonl(tmp_path / "events.jsonl", rows)
    with django_capture_on_commit_callbacks(execute=True):
        report = engine.run(SPECS["dossier_events"], path)
    assert (report.created, report.told) == (2, 1)
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.key) == ("dossier.step", f"dossier.step:EV-{dossier.core_id}-2")
    assert notification.url_kwargs == {"reference": dossier.reference}
    assert sorted(notification.deliveries.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.SMS]
    [message] = mail.outbox
    assert message.subject == shown("Your dossier %(reference)s has moved forward", "fr", reference=dossier.reference)
    assert f"/fr/portal/dossiers/{dossier.reference}/" in message.body
    # The core system's message stays behind the login.
    assert "7 412,50" not in message.body and "calcul" not in message.body.lower()

    with django_capture_on_commit_callbacks(execute=True):
        report = engine.run(SPECS["dossier_events"], path)
    assert report.told == 0 and Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_member_without_an_account_is_told_at_the_addresses_on_file(tmp_path, django_capture_on_commit_callbacks):
    member = factories.MemberFactory(status="retired", email="abroad@example.org", phone="+33612345678")
    path = write_jsonl(tmp_path / "payments.jsonl", [payment(member, TODAY, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(SPECS["payments"], path)
    [notification] = Notification.objects.all()
    assert (notification.member, notification.account) == (member, None)
    assert [message.to for message in mail.outbox] == [["abroad@example.org"]]


def test_a_dry_run_tells_no_one(tmp_path, pensioner):
    path = write_jsonl(tmp_path / "payments.jsonl", [payment(pensioner, TODAY, 0)])
    engine.run(SPECS["payments"], path, dry_run=True)
    assert not Notification.objects.exists()
