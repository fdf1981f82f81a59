"""The exchanges with the core system: accepted requests exported (JSON lines + documents), the core
system's events and document requests imported; the round trip of a survivor's pension."""

import csv
import datetime
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from portal.casework import checklist, exports, procedures, selectors, services
from portal.casework.choices import DocumentKind, EventKind, RequestStatus, Status
from portal.casework.models import Case, CaseEvent, DocumentRequest
from tests.portal import factories
from tests.portal.casework.conftest import checked_pdf, survivor_answers

pytestmark = pytest.mark.django_db

SURVIVOR = procedures.get("survivor_pension")


def _accepted_survivor_request(widow_user, deceased, agent):
    case = services.start(SURVIVOR, actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf(item.label))
    case = services.submit(case, actor=widow_user)
    services.decide(case, accepted=True, reason="", actor=agent)
    case.refresh_from_db()
    return case


def _export(outdir):
    before = set(outdir.iterdir()) if outdir.exists() else set()
    call_command("export_cases", str(outdir))
    return sorted(set(outdir.iterdir()) - before)


def _write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_round_trip_of_a_survivors_pension(widow_user, deceased, agent, tmp_path):
    case = _accepted_survivor_request(widow_user, deceased, agent)
    outdir = tmp_path / "to-core"

    # The portal exports the accepted request...
    written = _export(outdir)
    [jsonl] = [path for path in written if path.suffix == ".jsonl"]
    assert jsonl.name.startswith("requests-") and jsonl.name.endswith("Z.jsonl")
    assert not list(outdir.glob("*.partial"))
    [line] = [json.loads(text) for text in jsonl.read_text(encoding="utf-8").splitlines()]
    assert line["reference"] == case.reference
    assert line["procedure"] == "survivor_pension"
    assert line["member"] == {"core_id": deceased.core_id, "affiliation_number": deceased.affiliation_number}
    assert line["applicant_email"] == widow_user.email
    assert line["event"] == "death" and line["death_date"] == "2026-10-20"
    assert line["answers"]["payment"]["bank_rib"] == survivor_answers(deceased)["payment"]["bank_rib"]
    assert line["decided_by"] == agent.get_username()
    assert datetime.datetime.fromisoformat(line["decided_at"]) == case.decided_at
    assert [d["kind"] for d in line["documents"]] == [
        "death_certificate",
        "national_id",
        "marriage_certificate",
        "non_remarriage",
        "bank_details",
    ]
    for number, document in enumerate(line["documents"], start=1):
        assert document["file"] == f"{case.reference}/{number}-{document['kind']}.pdf"
        copied = (outdir / document["file"]).read_bytes()
        assert copied.startswith(b"%PDF")
        assert hashlib.sha256(copied).hexdigest() == document["sha256"]
        assert document["content_type"] == "application/pdf"
    case.refresh_from_db()
    assert case.exported_at is not None

    # ...the core system reads it, opens a dossier for the deceased and says so.
    dossier = factories.DossierFactory(member=deceased, kind="survivor", reference="SUR-2026-000042")
    events = _write_csv(
        tmp_path / "events.csv",
        ["core_id", "reference", "date", "status", "message", "dossier_reference"],
        [["EV-1", line["reference"], "2026-12-02", "", "Dossier opened", dossier.reference]],
    )
    call_command("import_case_events", str(events))
    case.refresh_from_db()
    assert case.dossier == dossier
    assert "Dossier opened" in [event.message for event in selectors.timeline(case)]
    counted = CaseEvent.objects.count()

    # Importing the same file twice changes nothing; exporting again exports nothing.
    call_command("import_case_events", str(events))
    assert CaseEvent.objects.count() == counted
    assert _export(outdir) == []
    assert Case.objects.get().exported_at == case.exported_at


def test_a_failed_export_writes_nothing_and_marks_nothing(widow_user, deceased, agent, tmp_path):
    case = _accepted_survivor_request(widow_user, deceased, agent)
    second = case.documents.order_by("pk")[1]
    second.file.storage.delete(second.file.name)  # the storage lost a file
    outdir = tmp_path / "out"
    with pytest.raises(FileNotFoundError):
        exports.export_accepted(outdir)
    assert list(outdir.iterdir()) == []
    assert Case.objects.get().exported_at is None


def test_only_accepted_requests_are_exported_oldest_decision_first(widow_user, deceased, agent, member, tmp_path):
    survivor = _accepted_survivor_request(widow_user, deceased, agent)
    # A document the fund asked the member for, accepted: exported too, after the survivor's request.
    fund = services.ask_member_for_document(
        member, DocumentKind.SCHOOL_CERTIFICATE, actor=agent, message="2026-2027", core_id="DR-7"
    )
    [item] = checklist.open_requests(fund)
    services.add_documents(fund, actor=member.user, target=item.key, files=checked_pdf())
    services.review_document(fund.documents.get(), accepted=True, actor=agent)
    fund.refresh_from_db()
    assert fund.status == Status.ACCEPTED
    # A withdrawn draft is not exported.
    draft = services.start(procedures.get("survivor_pension"), actor=member.user, member=member, language="fr")
    services.withdraw(draft, actor=member.user)

    count, path = exports.export_accepted(tmp_path)
    assert count == 2
    lines = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    assert [row["reference"] for row in lines] == [survivor.reference, fund.reference]
    assert lines[1]["member"]["core_id"] == member.core_id
    assert lines[1]["applicant_email"] is None  # about the member's own file: the core system knows them
    assert "event" not in lines[1]


def test_core_events_move_the_request_and_bad_lines_are_reported(widow_user, deceased, agent, tmp_path, capsys):
    case = services.start(SURVIVOR, actor=widow_user, member=None, language="fr")
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf())
    case = services.submit(case, actor=widow_user)
    path = tmp_path / "events.jsonl"
    rows = [
        {"core_id": "E1", "reference": case.reference, "date": "2026-12-02T09:00:00", "status": "under_review"},
        {"core_id": "E2", "reference": "DEM-2026-999999", "date": "2026-12-02"},
        {"core_id": "E3", "reference": case.reference, "date": "2026-12-02", "dossier_reference": "NOPE"},
        {"core_id": "E4", "reference": case.reference, "date": "2026-12-03", "status": "accepted", "message": "OK"},
        {"core_id": "E5", "reference": case.reference, "date": "2026-12-04", "status": "under_review"},
        {"core_id": "E6", "reference": case.reference, "date": "2026-13-45"},
        {"core_id": "E7", "reference": case.reference, "date": "2026-12-04", "status": "withdrawn"},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\nnot json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="6 row"):
        call_command("import_case_events", str(path))
    out = capsys.readouterr().out
    assert "line 2: unknown request DEM-2026-999999" in out
    assert "line 3: unknown dossier NOPE" in out
    assert "line 5: " in out  # accepted is final: the workflow refuses to go back
    assert "line 6: " in out and "line 7: " in out and "line 8: " in out
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED  # lines 1 and 4 were applied
    assert case.decision_reason == "OK"
    assert set(case.events.exclude(core_id=None).values_list("core_id", flat=True)) == {"E1", "E4"}


def test_a_draft_is_unknown_to_the_core_system(widow_user, tmp_path, capsys):
    draft = services.start(SURVIVOR, actor=widow_user, member=None, language="fr")
    path = _write_csv(tmp_path / "e.csv", ["core_id", "reference", "date"], [["X1", draft.reference, "2026-12-02"]])
    with pytest.raises(CommandError):
        call_command("import_case_events", str(path))
    assert f"line 2: unknown request {draft.reference}" in capsys.readouterr().out
    assert not CaseEvent.objects.filter(core_id="X1").exists()


def test_document_requests_from_the_core_system(member, tmp_path, capsys):
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    path = _write_csv(
        tmp_path / "requests.csv",
        ["core_id", "member_core_id", "kind", "due_on", "message"],
        [
            ["DR-1", member.core_id, "school_certificate", due, "Année 2026-2027"],
            ["DR-2", "UNKNOWN", "school_certificate", due, ""],
            ["DR-3", member.core_id, "passport", due, ""],
            ["DR-4", member.core_id, "non_remarriage", "2020-01-01", ""],
        ],
    )
    with pytest.raises(CommandError):
        call_command("import_document_requests", str(path))
    out = capsys.readouterr().out
    assert "line 3: unknown member UNKNOWN" in out
    assert "line 4: kind 'passport' is not a document kind" in out
    assert "line 5: " in out  # a deadline in the past
    [request] = DocumentRequest.objects.all()
    assert request.core_id == "DR-1" and request.status == RequestStatus.OPEN
    assert request.case.procedure == "fund_documents" and request.case.status == Status.INFO_REQUESTED
    assert [awaited.pk for awaited in selectors.awaited_documents(member.user)] == [request.pk]
    assert request.case.events.filter(kind=EventKind.DOCUMENT_REQUESTED).count() == 1

    with pytest.raises(CommandError):  # the same file again: DR-1 is not asked twice
        call_command("import_document_requests", str(path))
    assert DocumentRequest.objects.count() == 1
    assert Case.objects.count() == 1
