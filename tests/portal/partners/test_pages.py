"""The partners' space through its pages: home, coming retirements (page and CSV), a civil servant,
a dossier prepared, signed, sent back and corrected, the delays; in French and Arabic."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from portal.casework import services as cases
from portal.casework.choices import Status
from portal.casework.models import Case
from portal.models import AuditEvent
from portal.partners import deadlines
from portal.partners.choices import AuditAction
from portal.partners.models import RetirementDossier
from portal.proxies.choices import Via
from tests.portal import factories
from tests.portal.casework.conftest import upload
from tests.portal.partners import world as world_module
from tests.portal.text import shown, text

STEPS = {
    "service": {"service_confirmed": "on", "service_remarks": ""},
    "position": {"grade": "Professeur agrégé, échelle 11", "last_salary": "14250,00"},
    "decision": {"decision_number": "2026/1234", "decision_date": "02/11/2026", "leaving_date": "15/06/2027"},
}


@pytest.fixture(autouse=True)
def _no_write_budget(settings):
    """An HR officer's day is many writes (config/throttle.py counts them as a member's); these tests
    post more than a member's budget in a minute: the budget is not what they check."""
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(f"partners:{name}", kwargs=kwargs or None)


def as_officer(client, officer):
    client.force_login(officer.user)
    return client


def soon_birth(months_ahead):
    """A birth date whose age limit falls ``months_ahead`` months after today (the real one: the pages
    read the real date), so that the list never depends on the day the tests run."""
    today = timezone.localdate()
    target = deadlines.add_months(today, months_ahead)
    for years in (63, 62, 64, 65, 60):
        birth = deadlines.add_months(target, -12 * years)
        retirement = deadlines.retirement_date(birth)
        if today < retirement <= deadlines.add_months(today, 11):
            return birth
    raise AssertionError("no birth date found for the legal age")


@pytest.fixture
def near(world):
    """Civil servants retiring within the year whatever the date: one in Rabat, one in Fès, one at B."""
    return {
        "rabat": world_module.civil_servant(world.rabat, soon_birth(4), first_name="Karim", last_name="Bennani"),
        "fes": world_module.civil_servant(
            world.fes,
            soon_birth(6),
            first_name="Salma",
            last_name="Idrissi",
            first_name_ar="سلمى",
            last_name_ar="الإدريسي",
        ),
        "b": world_module.civil_servant(world.b_unit, soon_birth(5), first_name="Omar", last_name="Chraibi"),
        # A name a spreadsheet would run as a formula.
        "formula": world_module.civil_servant(
            world.rabat, soon_birth(7), first_name='=HYPERLINK("http://x")', last_name="-2+3"
        ),
    }


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_page_reads_in_both_languages(client, world, near, lang):
    as_officer(client, world.admin)
    pages = {
        "home": ("Coming retirements", {}),
        "retirements": ("Coming retirements", {}),
        "member": ("Career in the fund's file", {"pk": near["rabat"].pk}),
        "dossiers": ("Retirement dossiers", {}),
        "delays": ("Delays", {}),
        "officers": ("Officers of your HR service", {}),
    }
    for name, (heading, kwargs) in pages.items():
        response = client.get(url(name, lang, **kwargs))
        assert response.status_code == 200, name
        assert shown(heading, lang) in text(response), name
    page = text(client.get(url("home", lang)))
    assert world.ministry_a.display_name(lang) in page
    assert shown("Signatory", lang) in page
    # Every count on the home page links to a list that opens.
    counts = page[page.index('id="partners-counts"') :]
    links = re.findall(r'href="([^"]+)"', counts[: counts.index("</div>")])
    assert len(links) == 4
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_list_holds_the_scope_only_and_filters_by_unit(client, world, near):
    page = text(as_officer(client, world.reader).get(url("retirements")))
    assert f'data-member="{near["rabat"].pk}"' in page and f'data-member="{near["fes"].pk}"' in page
    assert f'data-member="{near["b"].pk}"' not in page
    assert AuditEvent.objects.filter(action=AuditAction.LISTED, actor=world.reader.user, via=Via.EMPLOYER).count() == 1

    only_rabat = text(client.get(url("retirements"), {"unit": world.rabat.pk}))
    assert f'data-member="{near["rabat"].pk}"' in only_rabat and f'data-member="{near["fes"].pk}"' not in only_rabat

    # A unit of another organisation is not a choice: a clear error, not a list.
    refused = client.get(url("retirements"), {"unit": world.b_unit.pk})
    assert refused.status_code == 400 and 'id="retirements"' not in text(refused)

    fes_page = text(as_officer(client, world.fes_preparer).get(url("retirements")))
    assert f'data-member="{near["fes"].pk}"' in fes_page and f'data-member="{near["rabat"].pk}"' not in fes_page

    # Arabic: the name in Arabic, the number isolated.
    arabic = text(as_officer(client, world.reader).get(url("retirements", "ar")))
    assert "سلمى الإدريسي" in arabic
    assert f'<bdi dir="ltr">{near["fes"].affiliation_number}</bdi>' in arabic


def test_the_csv_opens_in_excel_holds_the_scope_only_and_runs_no_formula(client, world, near):
    response = as_officer(client, world.preparer).get(url("retirements_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:3] == [shown("Name"), shown("Affiliation number"), shown("Unit")]
    numbers = {row[1] for row in rows[1:]}
    assert near["rabat"].affiliation_number in numbers and near["fes"].affiliation_number in numbers
    assert near["b"].affiliation_number not in numbers
    formula = next(row for row in rows[1:] if row[1] == near["formula"].affiliation_number)
    assert formula[0].startswith("'=")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED, actor=world.preparer.user).count() == 1

    arabic = as_officer(client, world.preparer).get(url("retirements_csv", "ar")).content.decode("utf-8")
    assert shown("Affiliation number", "ar") in arabic.splitlines()[0]


def test_viewing_a_civil_servant_is_audited_for_them(client, world):
    response = as_officer(client, world.reader).get(url("member", pk=world.rabat_servant.pk))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEWED, member=world.rabat_servant)
    assert event.via == Via.EMPLOYER and event.actor == world.reader.user


def test_a_reader_sees_no_start_button_and_cannot_prepare(client, world):
    as_officer(client, world.reader)
    page = text(client.get(url("member", pk=world.rabat_servant.pk)))
    assert 'id="start-dossier"' not in page
    assert client.post(url("start", pk=world.rabat_servant.pk)).status_code == 403
    assert not RetirementDossier.objects.exists()
    page = text(as_officer(client, world.preparer).get(url("member", pk=world.rabat_servant.pk)))
    assert 'id="start-dossier"' in page


def _start(client, world):
    response = as_officer(client, world.preparer).post(url("start", pk=world.rabat_servant.pk))
    dossier = RetirementDossier.objects.get(member=world.rabat_servant)
    assert response.status_code == 302 and response["Location"] == url(
        "step", reference=dossier.case.reference, step="service"
    )
    return dossier


def test_prepare_sign_correct_through_the_pages(client, world, django_capture_on_commit_callbacks):
    dossier = _start(client, world)
    reference = dossier.case.reference
    # Bad input: the form again with its errors, nothing kept.
    bad = client.post(url("step", reference=reference, step="position"), {"grade": "", "last_salary": "abc"})
    assert bad.status_code == 400 and 'id="form-errors"' in text(bad)
    assert "position" not in Case.objects.get(pk=dossier.case.pk).answers
    for step, data in STEPS.items():
        response = client.post(url("step", reference=reference, step=step), data)
        assert response.status_code == 302, (step, text(response)[:2000])
    # Arabic-Indic digits are accepted in the amount.
    client.post(url("step", reference=reference, step="position"), {"grade": "Professeur", "last_salary": "١٤٢٥٠"})
    assert Decimal(Case.objects.get(pk=dossier.case.pk).answers["position"]["last_salary"]) == Decimal("14250")

    empty = client.post(url("documents", reference=reference), {})
    assert empty.status_code == 400
    added = client.post(
        url("documents", reference=reference),
        {"leaving_decision": upload("decision.pdf", "Décision"), "service_certificate": upload("attestation.pdf")},
    )
    assert added.status_code == 302
    page = text(client.get(url("dossier", reference=reference)))
    assert 'id="dossier-documents"' in page and 'data-step="position"' in page
    assert 'id="submit-dossier"' not in page  # a preparer does not sign

    # A preparer cannot send it: refused, nothing changed.
    assert client.post(url("submit", reference=reference), {"certify": "on"}).status_code == 403
    assert Case.objects.get(pk=dossier.case.pk).status == Status.DRAFT

    as_officer(client, world.signatory)
    page = text(client.get(url("dossier", reference=reference)))
    assert 'id="submit-dossier"' in page
    unticked = client.post(url("submit", reference=reference), {})
    assert unticked.status_code == 400 and Case.objects.get(pk=dossier.case.pk).status == Status.DRAFT
    assert client.post(url("submit", reference=reference), {"certify": "on"}).status_code == 302
    case = Case.objects.get(pk=dossier.case.pk)
    assert case.status == Status.SUBMITTED
    assert client.post(url("submit", reference=reference), {"certify": "on"}).status_code == 302  # a double click
    # Once sent, the steps are closed.
    closed = as_officer(client, world.preparer).post(
        url("step", reference=reference, step="position"), STEPS["position"]
    )
    assert closed.status_code == 302 and closed["Location"] == url("dossier", reference=reference)

    mail.outbox.clear()
    agent = factories.UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        cases.ask_for_correction(case, "Le salaire ne correspond pas à la paie de novembre.", actor=agent)
    told = {message.to[0] for message in mail.outbox}
    # The preparers and signatories who see Rabat; not the reader, not Fès's preparer, not ministry B.
    assert told == {world.preparer.user.email, world.signatory.user.email, world.admin.user.email}
    notice = mail.outbox[0]
    assert reference in notice.subject and reference in notice.body
    assert (
        world.rabat_servant.last_name not in notice.body and world.rabat_servant.affiliation_number not in notice.body
    )

    for lang in ("fr", "ar"):
        page = text(client.get(url("dossier", lang, reference=reference)))
        assert "Le salaire ne correspond pas" in page and 'id="fund-correction"' in page
        assert shown("Waiting for your correction", lang) in page
        assert shown("The fund asked you for a correction", lang) in page
    fixed = dict(STEPS["position"], last_salary="14520")
    assert client.post(url("step", reference=reference, step="position"), fixed).status_code == 302
    assert client.post(url("correct", reference=reference), {"message": "Salaire corrigé"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert Decimal(case.answers["position"]["last_salary"]) == Decimal("14520")
    # Nothing to correct any more: a clear message, no 500.
    again = client.post(url("correct", reference=reference), {"message": ""})
    assert again.status_code == 400 and 'id="dossier-error"' in text(again)


def test_documents_are_downloaded_in_scope_and_audited(client, world):
    dossier = _start(client, world)
    reference = dossier.case.reference
    client.post(url("documents", reference=reference), {"leaving_decision": upload("decision.pdf", "Décision")})
    document = dossier.case.documents.get()
    # The page links the file through the partners' space (the member's own link would be a 404 here).
    page = text(client.get(url("dossier", reference=reference)))
    assert f'href="{url("document", reference=reference, document_id=document.pk)}"' in page
    before = AuditEvent.objects.filter(action=AuditAction.VIEWED).count()
    response = as_officer(client, world.reader).get(url("document", reference=reference, document_id=document.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action=AuditAction.VIEWED, via=Via.EMPLOYER).count() == before + 1
    # A reader cannot take it off.
    assert client.post(url("document", reference=reference, document_id=document.pk)).status_code == 403
    assert dossier.case.documents.count() == 1
    removed = as_officer(client, world.preparer).post(url("document", reference=reference, document_id=document.pk))
    assert removed.status_code == 302 and dossier.case.documents.count() == 0


def test_dossiers_list_filters_by_state_and_delays_page(client, world):
    dossier = _start(client, world)
    as_officer(client, world.reader)
    page = text(client.get(url("dossiers")))
    assert f'data-dossier="{dossier.case.reference}"' in page
    drafts = text(client.get(url("dossiers"), {"state": "draft"}))
    assert f'data-dossier="{dossier.case.reference}"' in drafts
    # Not complete yet: not among those ready to sign (the home page's link).
    ready = client.get(url("dossiers"), {"state": "ready"})
    assert ready.status_code == 200 and f'data-dossier="{dossier.case.reference}"' not in text(ready)
    sent = text(client.get(url("dossiers"), {"state": "with_fund"}))
    assert f'data-dossier="{dossier.case.reference}"' not in sent
    assert client.get(url("dossiers"), {"state": "nonsense"}).status_code == 400
    delays = client.get(url("delays"))
    assert delays.status_code == 200
    # The Rabat servant is due since 2026-09-15 with nothing sent: listed as due and not sent.
    if datetime.date(2026, 9, 15) < timezone.localdate() <= datetime.date(2027, 6, 15):
        assert f'data-member="{world.rabat_servant.pk}"' in text(delays)
