"""Core-system import: good files, bad rows (report by line, nothing written), idempotence, targeted updates.

Each behaviour is tested on both paths of the engine (``method``): the PostgreSQL COPY path and the ORM
path that SQLite uses, which PostgreSQL runs as well."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from portal import rib
from portal.importing import engine
from portal.importing.specs import SPECS
from portal.models import CareerPeriod, Member, PensionPayment

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(engine.METHODS))
def method(request):
    return request.param


HEADER = [
    "core_id", "affiliation_number", "pension_number", "national_id", "first_name", "last_name", "first_name_ar",
    "last_name_ar", "birth_date", "status", "email", "phone", "address_line", "postal_code", "city", "bank_rib",
]  # fmt: skip


def a_rib(n):
    prefix = f"230780{n:016d}"
    return f"{prefix}{rib.check_key(prefix):02d}"


def member_row(n, **changes):
    row = {
        "core_id": f"C{n:07d}",
        "affiliation_number": f"AF9{n:09d}",
        "pension_number": "",
        "national_id": f"K{n:06d}",
        "first_name": "Hassan",
        "last_name": f"Idrissi{n}",
        "first_name_ar": "حسن",
        "last_name_ar": "الإدريسي",
        "birth_date": "1975-02-14",
        "status": "contributing",
        "email": f"h{n}@example.org",
        "phone": "0612000000",
        "address_line": "2, rue Allal Ben Abdellah",
        "postal_code": "10000",
        "city": "Rabat",
        "bank_rib": a_rib(n),
    }
    row.update(changes)
    return row


def write_csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def run(command, path, *args, method=None):
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=io.StringIO(), method=method)
    return out.getvalue()


def test_a_good_members_file_is_imported(tmp_path, method):
    path = write_csv(tmp_path / "members.csv", [member_row(n) for n in range(1, 6)])
    output = run("import_members", path, method=method)
    assert "5 were created" in output
    member = Member.objects.get(core_id="C0000003")
    assert member.last_name_ar == "الإدريسي"
    assert member.user is None


def test_bad_rows_are_reported_by_line_and_nothing_is_written(tmp_path, method):
    rows = [
        member_row(1),
        member_row(2, birth_date="14/02/1975"),
        member_row(3),
        member_row(4, status="dead", bank_rib="011780000000000000000000"),
        member_row(5, affiliation_number=member_row(1)["affiliation_number"]),
        member_row(6, status="retired"),
    ]
    path = write_csv(tmp_path / "members.csv", rows)
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_members", str(path), stdout=out, stderr=io.StringIO(), method=method)
    report = out.getvalue()
    # Line 1 is the header: row n is on line n + 1.
    assert "line 3: birth_date is not a date" in report
    assert "line 5: status must be one of" in report
    assert "line 5: bank_rib is not a valid 24-digit RIB" in report
    assert "line 6: affiliation_number 'AF9000000001' is also on line 2" in report
    assert "line 7: pension_number is required for a pensioner" in report
    assert "line 2:" not in report and "line 4:" not in report
    assert not Member.objects.exists()


def test_sex_is_read_as_f_m_or_blank_and_an_export_without_the_column_still_loads(tmp_path, method):
    rows = [member_row(1, sex="F"), member_row(2, sex="m"), member_row(3, sex=""), member_row(4, sex="Femme")]
    run("import_members", write_csv(tmp_path / "members.csv", rows, header=[*HEADER, "sex"]), method=method)
    assert dict(Member.objects.values_list("core_id", "sex")) == {
        "C0000001": "F",
        "C0000002": "M",
        "C0000003": "",
        "C0000004": "F",
    }
    # Older exports have no sex column: every file is then "not known", not an error.
    run("import_members", write_csv(tmp_path / "old.csv", [member_row(5)]), method=method)
    assert Member.objects.get(core_id="C0000005").sex == ""


def test_a_bad_sex_value_is_refused_by_line_and_nothing_is_written(tmp_path, method):
    rows = [member_row(1, sex="F"), member_row(2, sex="X")]
    path = write_csv(tmp_path / "members.csv", rows, header=[*HEADER, "sex"])
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_members", str(path), stdout=out, stderr=io.StringIO(), method=method)
    assert "line 3: sex must be F, M or empty: 'X'" in out.getvalue()
    assert not Member.objects.exists()


def test_importing_the_same_file_again_changes_nothing(tmp_path, method):
    path = write_jsonl(tmp_path / "members.jsonl", [member_row(n) for n in range(1, 4)])
    run("import_members", path, method=method)
    before = list(Member.objects.order_by("pk").values())
    output = run("import_members", path, method=method)
    assert "0 were created, 0 were updated, 3 unchanged" in output
    assert list(Member.objects.order_by("pk").values()) == before


def test_an_update_to_one_member_changes_only_that_member(tmp_path, method):
    rows = [member_row(n) for n in range(1, 4)]
    run("import_members", write_csv(tmp_path / "v1.csv", rows), method=method)
    before = {m["core_id"]: m for m in Member.objects.values()}
    rows[1] = member_row(2, city="Tanger", status="retired", pension_number="PR9000002")
    output = run("import_members", write_csv(tmp_path / "v2.csv", rows), method=method)
    assert "0 were created, 1 were updated, 2 unchanged" in output
    after = {m["core_id"]: m for m in Member.objects.values()}
    assert after["C0000001"] == before["C0000001"]
    assert after["C0000003"] == before["C0000003"]
    assert after["C0000002"]["city"] == "Tanger"
    assert after["C0000002"]["updated_at"] > before["C0000002"]["updated_at"]
    assert after["C0000002"]["created_at"] == before["C0000002"]["created_at"]


def test_an_import_keeps_the_link_to_the_portal_account(tmp_path, file_a, method):
    row = member_row(1, core_id=file_a.core_id, affiliation_number=file_a.affiliation_number, city="Oujda")
    run("import_members", write_csv(tmp_path / "m.csv", [row]), method=method)
    file_a.refresh_from_db()
    assert file_a.city == "Oujda"
    assert file_a.user is not None


def test_dry_run_writes_nothing(tmp_path, method):
    output = run("import_members", write_csv(tmp_path / "m.csv", [member_row(1)]), "--dry-run", method=method)
    assert "1 would be created" in output
    assert not Member.objects.exists()


def test_batches_are_streamed_and_each_one_is_atomic(tmp_path, method):
    path = write_csv(tmp_path / "m.csv", [member_row(n) for n in range(1, 11)])
    phases = []
    report = engine.run(
        SPECS["members"], path, batch_size=3, method=method, progress=lambda phase, rows: phases.append((phase, rows))
    )
    assert report.created == 10
    assert ("written", 10) in phases and ("checked", 3) in phases


def test_a_long_import_with_debug_on_does_not_keep_every_query(tmp_path, settings, method):
    # With DEBUG on, Django logs each query's SQL; an import of millions of rows must not keep them all.
    from django.db import connection

    settings.DEBUG = True
    path = write_csv(tmp_path / "m.csv", [member_row(n) for n in range(1, 21)])
    engine.run(SPECS["members"], path, batch_size=2, method=method)
    # 10 batches, each checked then written with several queries: only the last batch's remain.
    assert len(connection.queries) <= 6


def test_careers_payments_and_dossier_events_refer_to_known_files(tmp_path, method):
    run("import_members", write_csv(tmp_path / "m.csv", [member_row(1)]), method=method)
    careers = [
        {"core_id": "K1", "member_core_id": "C0000001", "administration": "Ministère de la Justice",
         "grade": "Greffier", "start_date": "2001-01-01", "end_date": "2010-12-31", "contribution_base": "6500"},
        {"core_id": "K2", "member_core_id": "C9999999", "administration": "X", "grade": "",
         "start_date": "2001-01-01", "end_date": "", "contribution_base": "1"},
        {"core_id": "K3", "member_core_id": "C0000001", "administration": "X", "grade": "",
         "start_date": "2012-01-01", "end_date": "2011-01-01", "contribution_base": "-5"},
    ]  # fmt: skip
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_careers", str(write_jsonl(tmp_path / "c.jsonl", careers)), stdout=out, stderr=io.StringIO()
        )
    report = out.getvalue()
    assert "line 2: member_core_id 'C9999999' is not known" in report
    assert "line 3: contribution_base is not an amount" in report
    assert not CareerPeriod.objects.exists()
    run("import_careers", write_jsonl(tmp_path / "c1.jsonl", careers[:1]), method=method)
    assert CareerPeriod.objects.get().member.core_id == "C0000001"

    payments = [
        {"core_id": "P1", "member_core_id": "C0000001", "period": "2025-01", "gross": "8000.00",
         "deductions": "amo:361.60;ir:400.00", "net": "7238.40", "payment_date": "2025-01-28"},
    ]  # fmt: skip
    header = list(payments[0])
    run("import_payments", write_csv(tmp_path / "p.csv", payments, header=header), method=method)
    payment = PensionPayment.objects.get()
    assert payment.deductions == [{"kind": "amo", "amount": "361.60"}, {"kind": "ir", "amount": "400.00"}]
    payments[0]["net"] = "7000.00"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_payments",
            str(write_csv(tmp_path / "p2.csv", payments, header=header)),
            stdout=out,
            stderr=io.StringIO(),
            method=method,
        )
    assert "line 2: net 7000.00 is not gross 8000.00 minus deductions 761.60" in out.getvalue()


def test_a_malformed_json_line_is_reported(tmp_path, method):
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(member_row(1)) + "\n{not json\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), stdout=out, stderr=io.StringIO(), method=method)
    assert "line 2: not valid JSON" in out.getvalue()
    assert not Member.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Import stopped"):
        call_command("import_members", str(tmp_path / "nope.csv"), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_demo_files_load_and_reload_idempotently():
    from demo import accounts, members

    call_command("load_demo", "members", stdout=io.StringIO())
    counts = (Member.objects.count(), PensionPayment.objects.count())
    linked = Member.objects.get(core_id=members.LINKED_FILE)
    assert linked.user.email == accounts.MEMBER
    assert linked.payments.exists() and linked.career_periods.exists() and linked.dossiers.exists()
    assert Member.objects.filter(status="survivor").exists()
    assert linked.sex == "F"  # the demo pensioner, Fatima Benali
    call_command("load_demo", "members", stdout=io.StringIO())
    assert (Member.objects.count(), PensionPayment.objects.count()) == counts
