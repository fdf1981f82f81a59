"""Retirement dossiers prepared in bulk: a good file (drafts, files and audit rows), the same file again,
bad lines (a report by line and nothing written: no case, no dossier, no file on disk), another
organisation's civil servant, unsafe zips, and the page (roles, 400 on a refused upload)."""

import csv
import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.casework import services as cases
from portal.casework.models import Case, CaseDocument
from portal.models import AuditEvent
from portal.partners import bulk, dossiers, scope
from portal.partners.choices import AuditAction
from portal.partners.models import RetirementDossier
from portal.proxies.choices import Via
from tests.portal import sample_files

HEADER = list(bulk.COLUMNS)
PDF = {name: sample_files.pdf_bytes(name) for name in ("decision-1", "certificate-1", "decision-2", "certificate-2")}


def row(member, **values):
    base = {
        "affiliation_number": member.affiliation_number,
        "grade": "Professeur agrégé, échelle 11",
        "last_salary": "14250,00",
        "decision_number": "2026/1234",
        "decision_date": "02/11/2026",
        "leaving_date": "2027-06-15",
        "service_confirmed": "oui",
        "service_remarks": "",
        "leaving_decision": "",
        "service_certificate": "",
    }
    return base | values


def csv_bytes(rows, *, delimiter=";", bom=True):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def zip_file(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("documents.zip", out.getvalue(), "application/zip")


def good_rows(world):
    return [
        row(world.rabat_servant, leaving_decision="decision-1", service_certificate="certificate-1"),
        # Arabic-Indic digits and a dd/mm/yyyy date in the second line; the files in a folder of the zip.
        row(
            world.fes_servant,
            last_salary="١٢٤٠٠٫٥٠",
            leaving_date="٢٠/١٠/٢٠٢٧",
            service_confirmed="نعم",
            leaving_decision="decision-2",
            service_certificate="certificate-2",
        ),
    ]


def good_zip():
    return zip_file(
        {"decision-1": PDF["decision-1"], "certificate-1": PDF["certificate-1"]}
        | {f"scans/{name}": PDF[name] for name in ("decision-2", "certificate-2")}
    )


def files_on_disk():
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(os.path.join(path, name) for path, _dirs, names in os.walk(root) for name in names)


def send(world, rows, archive=None, officer=None, **csv_options):
    officer = officer or world.preparer
    return bulk.upload(
        scope=scope.of_officer(officer),
        csv_data=csv_bytes(rows, **csv_options),
        zip_file=archive,
        actor=officer.user,
        language="fr",
    )


def nothing_written():
    assert not Case.objects.exists()
    assert not RetirementDossier.objects.exists()
    assert not CaseDocument.objects.exists()
    assert files_on_disk() == []


def test_a_good_file_makes_one_draft_per_line_with_its_documents(world):
    report = send(world, good_rows(world), good_zip())
    assert report.errors == []
    assert [line.member for line in report.created] == [world.rabat_servant, world.fes_servant]
    rabat, fes = (line.dossier for line in report.created)
    fes.case.refresh_from_db()
    assert fes.case.answers["position"]["last_salary"] == "12400.50"
    assert fes.case.answers["decision"]["leaving_date"] == "2027-10-20"
    assert fes.case.answers["service"]["service_confirmed"] is True
    for dossier in (rabat, fes):
        case = Case.objects.get(pk=dossier.case_id)
        assert case.status == "draft" and cases.problems(case) == []  # a signatory can sign it
        assert dossier.source_key and dossier.prepared_by == world.preparer.user
    assert CaseDocument.objects.count() == 4 and len(files_on_disk()) == 4
    # One "uploaded" row for the organisation, and the services' rows about each civil servant.
    uploaded = AuditEvent.objects.get(action=AuditAction.UPLOADED)
    assert uploaded.target == world.ministry_a.core_id and uploaded.via == Via.EMPLOYER
    assert uploaded.details["created"] == 2
    for member in (world.rabat_servant, world.fes_servant):
        assert AuditEvent.objects.filter(action=AuditAction.PREPARED, member=member, via=Via.EMPLOYER).exists()

    # The same files again change nothing.
    again = send(world, good_rows(world), good_zip())
    assert again.errors == [] and again.created == []
    assert [line.dossier.pk for line in again.unchanged] == [rabat.pk, fes.pk]
    assert Case.objects.count() == 2 and CaseDocument.objects.count() == 4 and len(files_on_disk()) == 4

    # A changed line for a civil servant whose dossier is in progress is reported, not applied.
    changed = good_rows(world)
    changed[0]["last_salary"] = "15000"
    refused = send(world, changed, good_zip())
    assert [line for line, _message in refused.errors] == [2]
    assert rabat.case.reference in refused.errors[0][1]
    assert Case.objects.get(pk=rabat.case_id).answers["position"]["last_salary"] == "14250.00"


def test_bad_lines_are_reported_by_line_and_nothing_is_written(world):
    rows = [
        row(world.rabat_servant, decision_date="31/02/2026", leaving_decision="decision-1"),
        row(world.fes_servant, grade="", service_confirmed="peut-être"),
        row(world.young, leaving_decision="absent.pdf"),
        row(world.rabat_servant),
    ]
    report = send(world, rows, zip_file({"decision-1": PDF["decision-1"]}), delimiter=",", bom=False)
    lines = {}
    for line, message in report.errors:
        lines.setdefault(line, []).append(message)
    assert sorted(lines) == [2, 3, 4, 5]
    assert any(message.startswith("decision_date:") for message in lines[2])
    assert any(message.startswith("grade:") for message in lines[3])
    assert "service_confirmed: write “yes” or “no”." in lines[3]
    assert lines[4] == ["leaving_decision: there is no file “absent.pdf” in the zip file."]
    assert lines[5] == ["This civil servant is already on line 2."]
    assert report.created == []
    nothing_written()


def test_a_file_that_is_not_a_document_is_refused_on_its_line(world):
    rows = [row(world.rabat_servant, leaving_decision="page.pdf")]
    report = send(world, rows, zip_file({"page.pdf": b"<html><script>alert(1)</script></html>"}))
    assert [line for line, _message in report.errors] == [2]
    assert report.errors[0][1].startswith("leaving_decision: ")
    nothing_written()


def test_another_organisations_civil_servant_is_not_found(world):
    unknown = row(world.rabat_servant, affiliation_number="ZZ999999")
    elsewhere = row(world.b_servant)
    report = send(world, [unknown, elsewhere])
    assert report.errors == [
        (2, "No civil servant with this number in your organisation."),
        (3, "No civil servant with this number in your organisation."),
    ]
    # An officer limited to Fès does not find Rabat's civil servant either: the same words.
    limited = send(world, [row(world.rabat_servant)], officer=world.fes_preparer)
    assert limited.errors == [(2, "No civil servant with this number in your organisation.")]
    nothing_written()


def test_a_reader_cannot_upload(world):
    with pytest.raises(dossiers.NotAllowed):
        send(world, [row(world.rabat_servant)], officer=world.reader)
    nothing_written()


@pytest.mark.parametrize("name", ["../evil.pdf", "/etc/evil.pdf", "scans/../../evil.pdf", "C:/evil.pdf"])
def test_a_zip_with_a_path_out_of_it_is_refused(world, name):
    with pytest.raises(bulk.Refused, match="unsafe name"):
        send(world, [row(world.rabat_servant, leaving_decision=name)], zip_file({name: PDF["decision-1"]}))
    nothing_written()


def test_a_zip_bomb_is_refused(world, monkeypatch):
    # A small archive that inflates beyond the cap on the whole zip (the cap lowered to keep the test light).
    monkeypatch.setattr(bulk, "MAX_ZIP_TOTAL", 2 * 1024 * 1024)
    bomb = zip_file({"decision-1": b"\x00" * (3 * 1024 * 1024)})
    assert bomb.size < 10 * 1024
    with pytest.raises(bulk.Refused, match="uncompressed"):
        send(world, [row(world.rabat_servant, leaving_decision="decision-1")], bomb)
    nothing_written()


def test_an_entry_larger_than_a_document_may_be_is_refused_on_its_line(world):
    big = zip_file({"decision-1": b"%PDF-1.4\n" + b"\x00" * (11 * 1024 * 1024)})
    report = send(world, [row(world.rabat_servant, leaving_decision="decision-1")], big)
    assert [line for line, _message in report.errors] == [2]
    assert report.errors[0][1].startswith("leaving_decision: “decision-1” is larger than")
    nothing_written()


def test_too_many_entries_or_not_a_zip_is_refused(world, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ZIP_ENTRIES", 3)
    crowded = zip_file({f"f{index}.pdf": b"x" for index in range(4)})
    with pytest.raises(bulk.Refused, match="too many files"):
        send(world, [row(world.rabat_servant)], crowded)
    with pytest.raises(bulk.Refused, match="not a valid zip"):
        send(world, [row(world.rabat_servant)], SimpleUploadedFile("d.zip", b"not a zip"))


def test_unreadable_csv_files_are_refused(world):
    where = scope.of_officer(world.preparer)

    def upload(data):
        return bulk.upload(scope=where, csv_data=data, zip_file=None, actor=world.preparer.user, language="fr")

    with pytest.raises(bulk.Refused, match="UTF-8"):
        upload("affiliation_number;grade\nA1;Échelle".encode("cp1252"))
    with pytest.raises(bulk.Refused, match="columns are missing"):
        upload(b"affiliation_number;grade\nA1;x\n")
    with pytest.raises(bulk.Refused, match="too large"):
        upload(b"x" * (bulk.MAX_CSV_BYTES + 1))
    with pytest.raises(bulk.Refused, match="no civil servant"):
        upload(csv_bytes([]))
    nothing_written()


# The page --------------------------------------------------------------------------------------------


def client_of(officer):
    client = Client()
    client.force_login(officer.user)
    return client


def page_url(language="fr"):
    with translation.override(language):
        return reverse("partners:bulk")


def test_the_page_for_preparers_only(world):
    assert client_of(world.reader).get(page_url()).status_code == 403
    response = client_of(world.preparer).get(page_url())
    assert response.status_code == 200
    assert b'id="bulk-form"' in response.content and b'enctype="multipart/form-data"' in response.content
    assert client_of(world.preparer).get(page_url("ar")).status_code == 200


def test_the_page_makes_the_drafts_and_lists_them(world):
    client = client_of(world.preparer)
    response = client.post(
        page_url(),
        {"csv_file": SimpleUploadedFile("d.csv", csv_bytes(good_rows(world))), "documents": good_zip()},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="bulk-drafts"' in page
    for dossier in RetirementDossier.objects.all():
        assert f'data-member="{dossier.member_id}"' in page and dossier.case.reference in page


def test_the_page_shows_the_report_and_answers_400(world):
    client = client_of(world.preparer)
    bad = row(world.b_servant)
    response = client.post(page_url(), {"csv_file": SimpleUploadedFile("d.csv", csv_bytes([bad]))})
    assert response.status_code == 400
    assert b'id="bulk-report"' in response.content and b'data-line="2"' in response.content
    refused = client.post(page_url(), {"csv_file": SimpleUploadedFile("d.csv", b"\xff\xfe\x00bad")})
    assert refused.status_code == 400
    missing = client.post(page_url(), {})
    assert missing.status_code == 400
    nothing_written()


def test_a_dossier_started_meanwhile_rolls_everything_back_files_included(world):
    """Between the check and the writing an officer opens a dossier for the second civil servant: the
    first line's draft and its files, already written, are undone."""
    where = scope.of_officer(world.preparer)
    report, lines = bulk.check(
        scope=where, rows=bulk.read_csv(csv_bytes(good_rows(world))), archive=bulk.Archive(good_zip())
    )
    assert report.errors == [] and len(lines) == 2
    dossiers.start(scope=where, member_pk=world.fes_servant.pk, actor=world.signatory.user, language="fr")
    started = set(Case.objects.values_list("pk", flat=True))
    with pytest.raises(bulk.Conflict):
        bulk.write(scope=where, lines=lines, report=report, actor=world.preparer.user, language="fr")
    assert set(Case.objects.values_list("pk", flat=True)) == started
    assert RetirementDossier.objects.count() == 1 and not CaseDocument.objects.exists()
    assert files_on_disk() == [] and report.created == []
