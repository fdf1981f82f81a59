"""The engine's two paths (PostgreSQL's COPY, the ORM's) leave the same rows and give the same reports on the same
files: first imports, updates, re-imports, dry runs, payments and what they tell, and files with every kind of
fault that needs other rows to find."""

import dataclasses

import pytest

from portal.importing import engine
from portal.importing.specs import MEMBERS, PAYMENTS
from portal.models import Member, PensionPayment
from portal.partners.models import Organisation
from tests.portal.test_import import HEADER, member_row, write_csv

pytestmark = pytest.mark.django_db

WITH_EMPLOYER = [*HEADER, "employer_id"]
PAYMENT_HEADER = ["core_id", "member_core_id", "period", "gross", "deductions", "net", "payment_date"]


def payment(n, member, month, net="7238.40"):
    return {
        "core_id": f"P{n}",
        "member_core_id": f"C{member:07d}",
        "period": f"2025-{month:02d}",
        "gross": "8000.00",
        "deductions": "amo:361.60;ir:400.00",
        "net": net,
        "payment_date": f"2025-{month:02d}-28",
    }


def the_files(tmp_path):
    """[(spec, path, dry_run, batch size)] in the order they are imported: good, changed, dry, again, then faulty
    files. A faulty file is one batch: the ORM path looks for a key or a number twice within a batch only."""
    first = [member_row(n, employer_id="MEN-R01" if n % 2 else "") for n in range(1, 10)]
    first[2] = member_row(3, status="retired", pension_number="PR3", employer_id="MEN")
    changed = [*first[:4], member_row(5, city="Tanger", employer_id="MEN"), *first[5:], member_row(10)]
    faulty = [
        *changed,
        member_row(11, affiliation_number="AF9000000001"),  # someone else's number, stored
        member_row(12, employer_id="NOPE"),  # an unknown unit
        member_row(3, status="retired", pension_number="PR3"),  # the same key twice
        member_row(13, status="retired", pension_number="PR3"),  # a pension number on two rows
        member_row(14, affiliation_number="AFX"),
        member_row(15, affiliation_number="AFX"),  # a number on two rows of the file
        member_row(16, birth_date="1975-13-01"),  # and a fault of its own
    ]
    payments = [payment(n, 1 + n % 4, 1 + n % 12) for n in range(1, 30)]
    bad_payments = [*payments, payment(40, 99, 1), payment(41, 1, 2, net="1.00"), payment(3, 2, 2)]
    return [
        (MEMBERS, write_csv(tmp_path / "m1.csv", first, header=WITH_EMPLOYER), False, 4),
        (MEMBERS, write_csv(tmp_path / "m2.csv", changed, header=WITH_EMPLOYER), True, 4),
        (MEMBERS, write_csv(tmp_path / "m2.csv", changed, header=WITH_EMPLOYER), False, 4),
        (MEMBERS, write_csv(tmp_path / "m2.csv", changed, header=WITH_EMPLOYER), False, 4),
        (MEMBERS, write_csv(tmp_path / "m3.csv", faulty, header=WITH_EMPLOYER), False, 50),
        (PAYMENTS, write_csv(tmp_path / "p1.csv", payments[:20], header=PAYMENT_HEADER), False, 4),
        (PAYMENTS, write_csv(tmp_path / "p2.csv", payments, header=PAYMENT_HEADER), False, 4),
        (PAYMENTS, write_csv(tmp_path / "p2.csv", payments, header=PAYMENT_HEADER), False, 4),
        (PAYMENTS, write_csv(tmp_path / "p3.csv", bad_payments, header=PAYMENT_HEADER), False, 50),
    ]


def tables():
    members = Member.objects.order_by("core_id").values(
        *(name for name in MEMBERS.columns if name != "employer_id"), "employer__core_id", "enrolment_failures", "user"
    )
    payments = PensionPayment.objects.order_by("core_id").values(*PAYMENTS.plain_columns(), "member__core_id")
    return list(members), list(payments)


def import_everything(tmp_path, method):
    told = []  # what each batch's on_created was given, its members named by core id

    def record(rows):
        core_ids = dict(Member.objects.values_list("pk", "core_id"))
        told.append([{**row, "member_id": core_ids[row["member_id"]]} for row in rows])
        return len(rows)

    reports = []
    for spec, path, dry_run, batch_size in the_files(tmp_path):
        if spec.on_created:
            spec = dataclasses.replace(spec, on_created=record)
        reports.append(engine.run(spec, path, batch_size=batch_size, dry_run=dry_run, method=method))
    return reports, tables(), told


def test_both_paths_leave_the_same_rows_and_give_the_same_reports(tmp_path):
    ministry = Organisation.objects.create(core_id="MEN", name="Ministère de l'Éducation nationale")
    Organisation.objects.create(core_id="MEN-R01", name="Académie de Rabat", parent=ministry)

    by_orm = import_everything(tmp_path, "orm")
    Member.objects.all().delete()
    by_copy = import_everything(tmp_path, "copy")

    assert by_copy[0] == by_orm[0]
    assert by_copy[1:] == by_orm[1:]
    # And the files did what they say: every kind of report is in there.
    reports = by_copy[0]
    assert [(r.created, r.updated, r.unchanged, r.written) for r in reports[:4]] == [
        (9, 0, 0, True),
        (1, 1, 8, False),
        (1, 1, 8, True),
        (0, 0, 10, True),
    ]
    assert reports[4].error_count == 8 and not reports[4].written
    assert (reports[5].created, reports[6].created, reports[7].unchanged) == (20, 9, 29)
    assert reports[8].error_count == 3
    assert sum(len(rows) for rows in by_copy[2]) == 29
