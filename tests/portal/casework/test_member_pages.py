"""The applicant's pages ("Mes démarches") in French and Arabic: a survivor's application from the
list to the decision, bad input at every step (shown, nothing stored), a draft kept across a
logout, a submitted request that cannot be edited, a procedure not open yet, the dashboard block
and the dossier page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone, translation

from portal.casework import eligibility, procedures, services
from portal.casework.choices import DocumentKind, RequestStatus, Status
from portal.casework.models import Case, CaseDocument, CaseEvent
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf, survivor_answers, upload
from tests.portal.text import NOT_ACCEPTED, shown, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    """A whole application is more writes than the per-minute budget of a real person."""
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(f"casework:{name}", kwargs=kwargs)


def portal_url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(f"portal:{name}", kwargs=kwargs)


def page(response):
    return text(response)


def arabic_digits(value):
    return value.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def deceased_step(deceased, lang):
    data = dict(survivor_answers(deceased)["deceased"])
    if lang == "ar":
        # A phone set to Arabic types Arabic-Indic digits: the same dates.
        data["birth_date"] = arabic_digits(data["birth_date"])
        data["death_date"] = arabic_digits(data["death_date"])
    return data


def applicant_step():
    answers = survivor_answers(factories.MemberFactory.build())["applicant"]
    # An unticked box and an empty date are not sent by a browser.
    return {key: value for key, value in answers.items() if value is not None and value is not False}


def html_as_pdf():
    return SimpleUploadedFile("acte.pdf", b"<html><body><script>alert(1)</script></body></html>", "application/pdf")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_widow_applies_for_a_survivors_pension_through_the_pages(client, widow_user, deceased, lang):
    client.force_login(widow_user)
    listing = client.get(url("list", lang))
    assert listing.status_code == 200
    body = page(listing)
    assert shown("Apply for a survivor's pension", lang) in body
    assert url("report_death", lang) in body
    # Procedures about one's own file need a file: a widow without one reads why.
    assert shown("Link your account to your pension file first.", lang) in body

    response = client.post(url("start", lang, procedure="survivor_pension"))
    case = Case.objects.get(applicant=widow_user)
    assert response.status_code == 302
    assert response["Location"] == url("step", lang, reference=case.reference, step="deceased")

    # Step 1: the death before the birth -> the message, 400, nothing stored.
    bad = {**deceased_step(deceased, lang), "death_date": "1949-01-01"}
    response = client.post(url("step", lang, reference=case.reference, step="deceased"), bad)
    assert response.status_code == 400
    body = page(response)
    assert shown("The date of death is before the birth date.", lang) in body
    assert shown("Step %(number)s of %(total)s", lang, number=1, total=5) in body
    assert 'aria-current="step"' in body
    case.refresh_from_db()
    assert case.answers == {}
    response = client.post(url("step", lang, reference=case.reference, step="deceased"), deceased_step(deceased, lang))
    assert response["Location"] == url("step", lang, reference=case.reference, step="applicant")
    case.refresh_from_db()
    assert case.answers["deceased"]["birth_date"] == "1950-03-02"

    # Step 2: a spouse without the marriage date.
    response = client.post(
        url("step", lang, reference=case.reference, step="applicant"),
        {**applicant_step(), "marriage_date": ""},
    )
    assert response.status_code == 400
    assert shown("Enter the date of the marriage.", lang) in page(response)
    case.refresh_from_db()
    assert "applicant" not in case.answers
    response = client.post(url("step", lang, reference=case.reference, step="applicant"), applicant_step())
    assert response["Location"] == url("step", lang, reference=case.reference, step="payment")

    # Step 3: a RIB that is not one.
    response = client.post(url("step", lang, reference=case.reference, step="payment"), {"bank_rib": "123"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert "payment" not in case.answers
    response = client.post(
        url("step", lang, reference=case.reference, step="payment"), {"bank_rib": factories.valid_rib(777)}
    )
    assert response["Location"] == url("documents", lang, reference=case.reference)

    # Documents: an HTML page renamed .pdf is refused with the pipeline's message; nothing stored.
    documents_url = url("documents", lang, reference=case.reference)
    page_with_inputs = page(client.get(documents_url))
    assert shown("Death certificate", lang) in page_with_inputs
    response = client.post(
        documents_url, {"death_certificate": html_as_pdf(), "national_id": upload("cin.pdf"), "upload": "1"}
    )
    assert response.status_code == 400
    assert shown(NOT_ACCEPTED, lang, name="acte.pdf") in page(response)
    assert CaseDocument.objects.count() == 0
    # Several lines in one go.
    response = client.post(
        documents_url,
        {
            "death_certificate": upload("acte-deces.pdf"),
            "national_id": upload("cin.pdf"),
            "marriage_certificate": upload("mariage.pdf"),
            "upload": "1",
        },
    )
    assert response.status_code == 302
    assert CaseDocument.objects.filter(case=case).count() == 3
    body = page(client.get(documents_url))
    assert '<bdi dir="ltr">cin.pdf</bdi>' in body
    # The wrong file: removed.
    wrong = CaseDocument.objects.get(original_name="cin.pdf")
    response = client.post(url("remove", lang, reference=case.reference, document_id=wrong.pk))
    assert response.status_code == 302
    assert not CaseDocument.objects.filter(pk=wrong.pk).exists()
    # What is still missing is said on the review page; sending is refused until complete.
    review = page(client.get(url("review", lang, reference=case.reference)))
    missing = shown("“%(document)s” is missing.", lang, document=shown("Bank details (RIB) certificate", lang))
    assert missing in review
    response = client.post(
        documents_url,
        {
            "national_id": upload("cin.pdf"),
            "non_remarriage": upload("non-remariage.pdf"),
            "bank_details": upload("rib.pdf"),
            "continue": "1",
        },
    )
    assert response["Location"] == url("review", lang, reference=case.reference)

    response = client.get(url("review", lang, reference=case.reference))
    body = page(response)
    assert shown("I certify that the information is accurate.", lang) in body
    assert url("step", lang, reference=case.reference, step="applicant") in body  # "Change"
    assert "BK123456" in body
    # Not certified: refused, still a draft.
    response = client.post(url("submit", lang, reference=case.reference), {})
    assert response.status_code == 400
    assert shown("Tick the box to certify that the information is accurate.", lang) in page(response)
    case.refresh_from_db()
    assert case.status == Status.DRAFT

    # A double click gives one request.
    first = client.post(url("submit", lang, reference=case.reference), {"certify": "on"})
    second = client.post(url("submit", lang, reference=case.reference), {"certify": "on"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == url("detail", lang, reference=case.reference)
    assert Case.objects.filter(applicant=widow_user).count() == 1
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert CaseEvent.objects.filter(case=case, kind="submitted").count() == 1

    detail = page(client.get(first["Location"]))
    sent = shown("Your request has been sent. Its reference is %(reference)s.", lang, reference="REF")
    assert sent.replace("REF", f'<bdi dir="ltr">{case.reference}</bdi>') in detail  # the message, once
    assert detail.count(sent.split("REF")[0]) == 1
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in detail
    assert url("receipt", lang, reference=case.reference) in detail
    assert shown("Submitted", lang, context="request") in detail
    with translation.override(lang):
        due = formats.date_format(timezone.localtime(case.due_at).date(), "DATE_FORMAT")
    assert shown("The fund answers by %(date)s.", lang, date=due) in detail


def test_the_fund_asks_for_a_document_and_the_widow_sends_it_from_the_request_page(client, widow_user, deceased, agent):
    case = services.start(procedures.get("survivor_pension"), actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for kind in ("death_certificate", "national_id", "marriage_certificate", "non_remarriage", "bank_details"):
        services.add_documents(case, actor=widow_user, target=kind, files=checked_pdf())
    case = services.submit(case, actor=widow_user)
    services.request_documents(
        case,
        [(DocumentKind.NON_REMARRIAGE, "Certificat de non-remariage récent")],
        actor=agent,
    )
    # The deadline has passed since.
    case.document_requests.update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(widow_user)
    body = page(client.get(url("detail", reference=case.reference)))
    assert shown("Certificate of non-remarriage", "fr") in body
    assert "Certificat de non-remariage récent" in body
    assert shown("Late", "fr") in body
    assert shown("The fund asked for: %(document)s", "fr", document=shown("Certificate of non-remarriage")) in body

    request_line = case.document_requests.get()
    field = f"send-request-{request_line.pk}"
    response = client.post(url("send", reference=case.reference), {field: html_as_pdf()})
    assert response.status_code == 400
    request_line.refresh_from_db()
    assert request_line.status == RequestStatus.OPEN
    response = client.post(url("send", reference=case.reference), {})
    assert response.status_code == 400
    response = client.post(url("send", reference=case.reference), {field: upload("non-remariage.pdf")})
    assert response.status_code == 302
    request_line.refresh_from_db()
    assert request_line.status == RequestStatus.RECEIVED
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW

    document = case.documents.get(request=request_line)
    services.review_document(document, accepted=False, note="Document illisible", actor=agent)
    services.decide(case, accepted=False, reason="Remariage constaté.", actor=agent)
    body = page(client.get(url("detail", reference=case.reference)))
    assert shown("You sent: %(document)s", "fr", document=shown("Certificate of non-remarriage")) in body
    assert "Document illisible" in body
    assert shown("Decision: refused", "fr") in body
    assert "Remariage constaté." in body
    assert shown("Your request has been refused.", "fr") in body
    download = client.get(url("download", reference=case.reference, document_id=document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_a_draft_survives_logout_and_continue_resumes_at_the_step_reached(client, widow_user, deceased):
    client.force_login(widow_user)
    client.post(url("start", procedure="survivor_pension"))
    case = Case.objects.get()
    response = client.post(
        url("step", reference=case.reference, step="deceased"), {**deceased_step(deceased, "fr"), "later": "1"}
    )
    assert response["Location"] == url("list")
    assert shown("Your draft is kept. You can continue it later from “My procedures”.") in page(client.get(url("list")))
    client.logout()
    client.force_login(widow_user)
    listing = page(client.get(url("list")))
    resume = url("step", reference=case.reference, step="applicant")
    assert resume in listing  # "Continue" goes to the step reached
    back = page(client.get(url("step", reference=case.reference, step="deceased")))
    assert 'value="BK123456"' in back
    assert 'value="1950-03-02"' in back
    # Starting again resumes the same draft.
    response = client.post(url("start", procedure="survivor_pension"))
    assert response["Location"] == resume
    assert Case.objects.count() == 1


def test_a_submitted_request_cannot_be_changed(client, widow_user, deceased):
    case = services.start(procedures.get("survivor_pension"), actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for kind in ("death_certificate", "national_id", "marriage_certificate", "non_remarriage", "bank_details"):
        services.add_documents(case, actor=widow_user, target=kind, files=checked_pdf())
    case = services.submit(case, actor=widow_user)
    answers, documents = case.answers, list(case.documents.values_list("pk", flat=True))
    client.force_login(widow_user)
    detail = url("detail", reference=case.reference)

    response = client.post(
        url("step", reference=case.reference, step="deceased"), {**deceased_step(deceased, "fr"), "last_name": "X"}
    )
    assert response["Location"] == detail
    followed = client.get(url("step", reference=case.reference, step="deceased"), follow=True)
    assert shown("This request has already been submitted: it can no longer be changed.") in page(followed)
    response = client.post(url("documents", reference=case.reference), {"national_id": upload(), "upload": "1"})
    assert response["Location"] == detail
    response = client.post(url("remove", reference=case.reference, document_id=documents[0]))
    assert response["Location"] == detail
    assert client.get(url("review", reference=case.reference))["Location"] == detail
    case.refresh_from_db()
    assert case.answers == answers
    assert list(case.documents.values_list("pk", flat=True)) == documents


def test_an_incomplete_request_is_not_sent(client, widow_user, deceased):
    case = services.start(procedures.get("survivor_pension"), actor=widow_user, member=None, language="fr")
    services.save_step(case, "deceased", survivor_answers(deceased)["deceased"], actor=widow_user)
    client.force_login(widow_user)
    response = client.post(url("submit", reference=case.reference), {"certify": "on"})
    assert response.status_code == 400
    step = shown("You and the family", "fr")
    assert shown("Step “%(step)s” is not answered yet.", "fr", step=step) in page(response)
    case.refresh_from_db()
    assert case.status == Status.DRAFT
    assert case.submitted_at is None


def test_procedure_pages_can_offer_each_procedure_online():
    from cms import online_services

    with translation.override("fr"):
        assert online_services.get("procedures").path() == reverse("casework:list")
        assert online_services.get("procedure:survivor_pension").path() == reverse("casework:list")
        assert online_services.get("procedure:pension_age_limit").path() == reverse("casework:list")
    assert online_services.get("procedure:death_report") is None  # the public form is not "my procedures"


def test_withdrawing_needs_the_confirmation(client, widow_user):
    case = services.start(procedures.get("survivor_pension"), actor=widow_user, member=None, language="fr")
    client.force_login(widow_user)
    response = client.post(url("withdraw", reference=case.reference), {})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.DRAFT
    response = client.post(url("withdraw", reference=case.reference), {"confirm": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert client.get(url("detail", reference=case.reference)).status_code == 200
    followed = client.get(url("step", reference=case.reference, step="deceased"), follow=True)
    assert shown("This request has been withdrawn: it can no longer be changed.") in page(followed)
    response = client.post(url("withdraw", reference=case.reference), {"confirm": "on"})
    assert response.status_code == 302  # a second time: a message, no error


def test_a_member_too_young_reads_from_when_she_can_apply(client, member):
    # Sixty today: the form opens at 62, a year before the age limit.
    member.birth_date = eligibility.add_years(timezone.localdate(), -60)
    member.save(update_fields=["birth_date"])
    limit = eligibility.age_limit_date(member.birth_date)
    opens = eligibility.add_months(limit, -eligibility.OFFER_MONTHS_BEFORE_AGE_LIMIT)
    client.force_login(member.user)
    for lang in ("fr", "ar"):
        body = page(client.get(url("list", lang)))
        with translation.override(lang):
            dates = {key: formats.date_format(day, "DATE_FORMAT") for key, day in (("limit", limit), ("opens", opens))}
        reason = "Your file gives %(limit)s as the date you reach the age limit. You can apply from %(opens)s."
        assert shown(reason, lang, **dates) in body
    response = client.post(url("start", procedure="pension_age_limit"))
    assert response["Location"] == url("list")
    assert not Case.objects.exists()


def test_a_member_applies_for_the_pension_at_the_age_limit(client, member):
    client.force_login(member.user)
    body = page(client.get(url("list")))
    assert url("start", procedure="pension_age_limit") in body
    response = client.post(url("start", procedure="pension_age_limit"))
    case = Case.objects.get()
    assert case.member == member
    assert response["Location"] == url("step", reference=case.reference, step="family")
    body = page(client.get(response["Location"]))
    assert shown("Step %(number)s of %(total)s", "fr", number=1, total=4) in body
    assert "<fieldset><legend>" in body  # the radio group has its legend


def test_an_account_without_file_is_sent_to_enrolment_for_a_members_procedure(client, widow_user):
    client.force_login(widow_user)
    response = client.post(url("start", procedure="pension_age_limit"))
    assert response["Location"] == portal_url("enrol")
    assert not Case.objects.exists()
    assert client.get(url("start", procedure="survivor_pension"))["Location"] == url("list")
    assert client.post(url("start", procedure="death_report")).status_code == 404
    assert client.post(url("start", procedure="nope")).status_code == 404


def test_the_dashboard_shows_the_requests_and_what_the_fund_awaits(client, member, agent):
    case = services.ask_member_for_document(
        member, DocumentKind.SERVICE_CERTIFICATE, actor=agent, message="Attestation de travail", due_on=None
    )
    client.force_login(member.user)
    response = client.get(portal_url("dashboard"))
    body = page(response)
    assert response.status_code == 200
    assert 'data-testid="awaited-documents"' in body
    assert shown("Certificate of service from the administration", "fr") in body
    assert url("detail", reference=case.reference) in body
    assert url("list") in body
    assert shown("My claims", "fr") in body  # the existing content is kept


def test_the_dossier_page_shows_the_linked_requests_history(client, member):
    dossier = factories.DossierFactory(member=member)
    factories.DossierEventFactory(dossier=dossier)
    case = services.start(procedures.get("early_retirement"), actor=member.user, member=member, language="fr")
    case.status = Status.SUBMITTED
    case.save(update_fields=["status"])
    CaseEvent.objects.create(case=case, kind="submitted", to_status=Status.SUBMITTED)
    CaseEvent.objects.create(case=case, kind="note", is_internal=True, message="Note interne secrète")
    services.record_core_event(case, core_id="CORE-1", message="Dossier ouvert au système central", dossier=dossier)
    client.force_login(member.user)
    body = page(client.get(portal_url("dossier", reference=dossier.reference)))
    assert url("detail", reference=case.reference) in body
    assert "Dossier ouvert au système central" in body
    assert "Note interne secrète" not in body
    assert body.index("Dossier ouvert au système central") < body.index("Demande reçue.")
    detail = page(client.get(url("detail", reference=case.reference)))
    assert portal_url("dossier", reference=dossier.reference) in detail
