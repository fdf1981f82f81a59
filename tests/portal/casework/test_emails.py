"""The e-mails about a request: in the request's language, the reference and a link, nothing personal."""

import pytest
from django.core import mail

from portal.casework import checklist, procedures, services
from portal.casework.choices import DocumentKind
from portal.casework.tasks import send_case_email
from tests.portal.casework.conftest import checked_pdf, survivor_answers

SURVIVOR = procedures.get("survivor_pension")

EXPECTED = {
    # kind: {language: (words of the subject, words of the body)}
    "submitted": {"fr": ("reçue", "répondra"), "ar": ("استلام", "سيجيبكم")},
    "documents_requested": {"fr": ("pièces", "pièces"), "ar": ("وثائق", "وثيقة")},
    "decided": {"fr": ("décision", "décision"), "ar": ("قرار", "قرار")},
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
    """What must never be in an e-mail: who died, their numbers, the account, what the fund wrote."""
    rib = case.answers["payment"]["bank_rib"]
    return [deceased.first_name, deceased.last_name, deceased.national_id, deceased.pension_number, rib, rib[-4:]]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_step_is_told_by_e_mail_in_the_request_language(
    widow_user, deceased, agent, language, django_capture_on_commit_callbacks
):
    case = _submitted(widow_user, deceased, language, django_capture_on_commit_callbacks)
    secret = "Certificat de non-remariage signé par le juge Bennani"
    with django_capture_on_commit_callbacks(execute=True):
        services.request_documents(case, [(DocumentKind.NON_REMARRIAGE, secret)], actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(case, accepted=False, reason="Remariée en 2020", actor=agent)

    assert [message.to for message in mail.outbox] == [[widow_user.email]] * 3
    kinds = ["submitted", "documents_requested", "decided"]
    for kind, message in zip(kinds, mail.outbox, strict=True):
        subject_word, body_word = EXPECTED[kind][language]
        assert case.reference in message.subject and subject_word in message.subject, (kind, message.subject)
        assert case.reference in message.body and body_word in message.body, (kind, message.body)
        assert f"/{language}/portal/procedures/{case.reference}/" in message.body
        for personal in [*_personal(case, deceased), secret, "Bennani", "Remariée", widow_user.email]:
            assert personal not in message.body and personal not in message.subject, (kind, personal)
    # The deadline is told (not what is asked).
    request = case.document_requests.get()
    from django.utils import formats, translation

    with translation.override(language):
        assert formats.date_format(request.due_on, "DATE_FORMAT") in mail.outbox[1].body


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["submitted", "documents_requested", "decided"])
def test_the_task_alone_renders_each_kind(widow_user, deceased, kind, django_capture_on_commit_callbacks):
    case = _submitted(widow_user, deceased, "ar", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert send_case_email.call(case.pk, kind) == "sent"
    [message] = mail.outbox
    assert "\n" not in message.subject and case.reference in message.subject
    assert "{%" not in message.body and "{{" not in message.body
    assert EXPECTED[kind]["ar"][1] in message.body


@pytest.mark.django_db
def test_a_public_death_report_sends_no_e_mail(deceased, django_capture_on_commit_callbacks):
    import uuid

    answers = {
        "report": {**survivor_answers(deceased)["deceased"], "reporter_name": "Khadija", "relationship": "spouse"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.report_death(answers, checked_pdf(), key=uuid.uuid4(), language="fr")
    assert mail.outbox == []
