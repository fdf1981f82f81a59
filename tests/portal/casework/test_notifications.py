"""What the applicant is told about a request: one notification per event through the notification
centre, one delivery per chosen channel, never twice, in the request's language, with the reference and
a link, nothing personal. (Was test_emails.py: the e-mails are now the centre's.)"""

import uuid

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from portal.casework import checklist, notifications, procedures, services
from portal.casework.choices import DocumentKind
from portal.notifications.choices import Channel
from portal.notifications.models import Contact, Delivery, Notification
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf, survivor_answers
from tests.portal.text import shown

SURVIVOR = procedures.get("survivor_pension")

SUBJECTS = {
    "request.submitted": "Your request %(reference)s has been received",
    "request.documents": "Your request %(reference)s: the fund needs documents",
    "request.decided": "Your request %(reference)s: a decision has been made",
}


def _submitted(widow_user, deceased, language, django_capture_on_commit_callbacks):
    case = services.start(SURVIVOR, actor=widow_user, member=None, language=language)
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf(item.label))
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit(case, actor=widow_user)


def _personal(case, deceased):
    """What must never be in a message: who died, their numbers, the account, what the fund wrote."""
    rib = case.answers["payment"]["bank_rib"]
    return [deceased.first_name, deceased.last_name, deceased.national_id, deceased.pension_number, rib, rib[-4:]]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_step_is_told_once_in_the_request_language(
    widow_user, deceased, agent, language, django_capture_on_commit_callbacks
):
    case = _submitted(widow_user, deceased, language, django_capture_on_commit_callbacks)
    secret = "Certificat de non-remariage signé par le juge Bennani"
    with django_capture_on_commit_callbacks(execute=True):
        services.request_documents(case, [(DocumentKind.NON_REMARRIAGE, secret)], actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(case, accepted=False, reason="Remariée en 2020", actor=agent)

    told = list(Notification.objects.order_by("pk"))
    assert [n.kind for n in told] == list(SUBJECTS)
    # The widow's own account; never the deceased's file (nor its inbox).
    assert {(n.account, n.member) for n in told} == {(widow_user, None)}
    assert [message.to for message in mail.outbox] == [[widow_user.email]] * 3
    for notification, message in zip(told, mail.outbox, strict=True):
        assert message.subject == shown(SUBJECTS[notification.kind], language, reference=case.reference)
        assert case.reference in message.body
        assert f"/{language}/portal/procedures/{case.reference}/" in message.body
        for personal in [*_personal(case, deceased), secret, "Bennani", "Remariée", widow_user.email]:
            assert personal not in message.body and personal not in message.subject, (notification.kind, personal)
    # The deadline is told (not what is asked).
    request = case.document_requests.get()
    with translation.override(language):
        assert formats.date_format(request.due_on, "DATE_FORMAT") in mail.outbox[1].body

    # The services' notification run again (a retried task): nothing more.
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.submitted(case)
        notifications.documents_requested(case)
        notifications.decided(case)
    assert Notification.objects.count() == 3 and len(mail.outbox) == 3


@pytest.mark.django_db
def test_documents_and_decisions_also_go_by_text_message_to_a_confirmed_mobile(
    widow_user, deceased, agent, django_capture_on_commit_callbacks
):
    Contact.objects.create(account=widow_user, mobile="+212661234567", mobile_verified_at=timezone.now(), language="ar")
    case = _submitted(widow_user, deceased, "fr", django_capture_on_commit_callbacks)
    services.request_documents(case, [(DocumentKind.NON_REMARRIAGE, "")], actor=agent)
    channels = {n.kind: sorted(n.deliveries.values_list("channel", flat=True)) for n in Notification.objects.all()}
    assert channels == {"request.submitted": [Channel.EMAIL], "request.documents": [Channel.EMAIL, Channel.SMS]}
    # A second request for documents is a second event; the same one told again is not.
    services.request_documents(case, [(DocumentKind.OTHER, "")], actor=agent)
    notifications.documents_requested(case)
    assert Notification.objects.filter(kind="request.documents").count() == 2
    assert Delivery.objects.filter(notification__kind="request.documents").count() == 4


@pytest.mark.django_db
def test_the_fund_asks_a_member_without_an_account_at_the_addresses_on_file(django_capture_on_commit_callbacks):
    member = factories.MemberFactory(status="survivor", phone="0612345678", email="veuve@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        case = services.ask_member_for_document(member, DocumentKind.SCHOOL_CERTIFICATE, actor=None, core_id="R-77")
    [notification] = Notification.objects.all()
    assert (notification.kind, notification.member, notification.account) == ("request.documents", member, None)
    destinations = dict(notification.deliveries.values_list("channel", "destination"))
    assert destinations == {Channel.EMAIL: "veuve@example.org", Channel.SMS: "+212612345678"}
    [message] = mail.outbox
    assert message.to == ["veuve@example.org"] and case.reference in message.subject
    # The core system asking again is harmless.
    services.ask_member_for_document(member, DocumentKind.SCHOOL_CERTIFICATE, actor=None, core_id="R-77")
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_public_death_report_tells_no_one(deceased, agent, django_capture_on_commit_callbacks):
    deceased.user = factories.UserFactory()
    deceased.save()
    answers = {
        "report": {**survivor_answers(deceased)["deceased"], "reporter_name": "Khadija", "relationship": "spouse"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        case = services.report_death(answers, checked_pdf(), key=uuid.uuid4(), language="fr")
        services.match_member(case, deceased, actor=agent)
        services.request_documents(case, [(DocumentKind.DEATH_CERTIFICATE, "")], actor=agent)
    assert mail.outbox == []
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_who_is_told_about_a_request(member, member_user, other_user, widow_user, deceased):
    from portal.casework.models import Case

    def told(**fields):
        return notifications.recipient(Case(**fields))

    # Their own request, made by them or for them (a proxy, a guardian, the counter): the file's holder.
    assert told(procedure="early_retirement", member=member, applicant=member_user) == (member, member_user)
    assert told(procedure="early_retirement", member=member, applicant=other_user) == (member, member_user)
    # A file without an account: whoever made the request for it; the fund's own request: the file's addresses.
    assert told(procedure="early_retirement", member=deceased, applicant=other_user) == (None, other_user)
    assert told(procedure="fund_documents", member=deceased, applicant=None) == (deceased, None)
    # About someone else's file: the one who asked, never the file.
    assert told(procedure="survivor_pension", member=deceased, applicant=widow_user) == (None, widow_user)
    # A public report: no one, even once matched to a file with an account.
    deceased.user = factories.UserFactory()
    assert told(procedure="death_report", member=deceased, applicant=None) == (None, None)
