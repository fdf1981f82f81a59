"""National-scale synthetic data, written with PostgreSQL COPY.

Scale 1.0 is the reference customer: 1.6 million members (60 % contributing,
38 % pensioners, 2 % survivors) with two career periods each and twelve monthly
payments per pensioner, 200,000 linked accounts, 500,000 claims and 10,000
published pages in two languages. Smaller scales keep the proportions.

COPY through psycopg is the fastest honest way to put tens of millions of rows
in the database on one machine; the import *benchmark* measures the portal's own
import command separately.
"""

import random
from datetime import UTC as utc
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection

FIRST = ["Ahmed", "Fatima", "Mohamed", "Khadija", "Youssef", "Amina", "Hassan", "Naima", "Omar", "Salma"]
LAST = ["Alaoui", "Bennani", "Chraibi", "El Idrissi", "Fassi", "Berrada", "Tazi", "Amrani", "Benjelloun", "Kettani"]
FIRST_AR = ["أحمد", "فاطمة", "محمد", "خديجة", "يوسف", "أمينة", "حسن", "نعيمة", "عمر", "سلمى"]
LAST_AR = ["العلوي", "بناني", "الشرايبي", "الإدريسي", "الفاسي", "برادة", "التازي", "العمراني", "بنجلون", "الكتاني"]
ADMINISTRATIONS = ["Ministère de l'Éducation nationale", "Ministère de la Santé", "Ministère de l'Intérieur"]
CITIES = ["Rabat", "Casablanca", "Fès", "Marrakech", "Tanger", "Agadir", "Oujda"]


def sizes(scale):
    return {
        "members": max(20, int(1_600_000 * scale)),
        "accounts": max(10, int(200_000 * scale)),
        "claims": max(10, int(500_000 * scale)),
        "pages": max(4, int(10_000 * scale)),
    }


def _copy(model, columns, rows, batch=200_000):
    """Stream rows (tuples) into the model's table with COPY, in batches to bound memory."""
    table = model._meta.db_table
    quoted = ", ".join(f'"{c}"' for c in columns)
    total = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                total += _flush(raw, table, quoted, chunk)
                chunk = []
        if chunk:
            total += _flush(raw, table, quoted, chunk)
    return total


def _flush(raw, table, quoted, chunk):
    with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in chunk:
            copy.write_row(row)
    return len(chunk)


def _status(i):
    bucket = i % 50
    if bucket == 0:
        return "survivor"
    if bucket < 20:
        return "retired"
    return "contributing"


def _rib(rnd):
    """A RIB with a correct check key (the import validates it)."""
    first = f"{rnd.randrange(10**21, 10**22)}"
    return f"{first}{97 - int(first + '00') % 97:02d}"


def member_rows(count, now):
    rnd = random.Random(1)
    for i in range(1, count + 1):
        status = _status(i)
        yield (
            f"M{i:08d}",
            f"A{i:09d}",
            f"P{i:09d}" if status != "contributing" else "",
            f"BK{i:06d}"[-8:],
            FIRST[i % 10],
            LAST[(i // 10) % 10],
            FIRST_AR[i % 10],
            LAST_AR[(i // 10) % 10],
            date(1950 + i % 45, 1 + i % 12, 1 + i % 28),
            status,
            f"member{i}@example.org",
            f"06{i:08d}"[-10:],
            f"{1 + i % 300} avenue Mohammed V",
            f"{10000 + i % 90000}",
            CITIES[i % len(CITIES)],
            _rib(rnd),
            now,
            now,
        )


MEMBER_COLUMNS = [
    "core_id",
    "affiliation_number",
    "pension_number",
    "national_id",
    "first_name",
    "last_name",
    "first_name_ar",
    "last_name_ar",
    "birth_date",
    "status",
    "email",
    "phone",
    "address_line",
    "postal_code",
    "city",
    "bank_rib",
    "created_at",
    "updated_at",
]


def generate_rest(scale, log=print):
    """Everything around the members (already imported): careers, payments, accounts, claims."""
    from portal.models import CareerPeriod, Member, PensionPayment

    now = datetime.now(tz=utc)
    wanted = sizes(scale)
    written = {}
    first_id, last_id = (
        Member.objects.order_by("pk").values_list("pk", flat=True)[:1][0],
        Member.objects.latest("pk").pk,
    )

    def careers():
        for member_id in range(first_id, last_id + 1):
            start = date(1985 + member_id % 20, 9, 1)
            middle = start + timedelta(days=365 * 8)
            yield (member_id, f"C{member_id}-1", ADMINISTRATIONS[member_id % 3], "Administrateur", start, middle, 6500)
            yield (member_id, f"C{member_id}-2", ADMINISTRATIONS[(member_id + 1) % 3], "Inspecteur", middle, None, 9800)

    written["career_periods"] = _copy(
        CareerPeriod,
        ["member_id", "core_id", "administration", "grade", "start_date", "end_date", "contribution_base"],
        careers(),
    )
    log(f"career periods: {written['career_periods']}")

    pensioners = Member.objects.exclude(status="contributing").values_list("pk", flat=True).iterator(chunk_size=50_000)

    def payments():
        for member_id in pensioners:
            for month in range(1, 13):
                period = date(2026, month, 1)
                yield (
                    member_id,
                    f"PAY{member_id}-{month}",
                    period,
                    "7200.00",
                    '[{"kind": "amo", "amount": "180.00"}, {"kind": "ir", "amount": "520.00"}]',
                    "6500.00",
                    period + timedelta(days=27),
                )

    written["payments"] = _copy(
        PensionPayment, ["member_id", "core_id", "period", "gross", "deductions", "net", "payment_date"], payments()
    )
    log(f"payments: {written['payments']}")
    written["accounts"] = _accounts(wanted["accounts"], first_id, now)
    log(f"linked accounts: {written['accounts']}")
    written["claims"] = _claims(wanted["claims"], first_id, wanted["accounts"], now)
    log(f"claims: {written['claims']}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return written


def _accounts(count, first_member_id, now):
    user_model = get_user_model()
    password = "!unusable-bench-password"  # sessions are created directly; nobody logs in with it

    def users():
        for i in range(count):
            yield (f"bench{i}@example.org", f"bench{i}@example.org", password, "", "", False, False, True, now)

    _copy(
        user_model,
        [
            "username",
            "email",
            "password",
            "first_name",
            "last_name",
            "is_staff",
            "is_superuser",
            "is_active",
            "date_joined",
        ],
        users(),
    )
    with connection.cursor() as cursor:
        # Member n (in id order) is linked to the n-th bench account.
        cursor.execute(
            """
            UPDATE portal_member m SET user_id = u.id
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM auth_user WHERE username LIKE 'bench%%') u
            WHERE m.id = %s + u.n - 1
            """,
            [first_member_id],
        )
        return cursor.rowcount


def _claims(count, first_member_id, linked, now):
    from portal.claims.models import Claim

    categories = ["payments", "career", "attestation", "dossier_delay", "account_access", "other"]
    open_statuses = ["submitted", "in_progress", "waiting_member", "answered"]
    channels = ["web", "phone", "counter", "mail"]

    def status_for(i, age):
        # As in a fund's real history: claims of the last six weeks are being worked on,
        # older ones are closed but for one in fifty left waiting for the member.
        if age < timedelta(days=42):
            return open_statuses[i % 4]
        return "waiting_member" if i % 50 == 0 else "closed"

    def rows():
        for i in range(count):
            age = timedelta(hours=i % (24 * 700))
            created = now - age
            status = status_for(i, age)
            yield (
                f"REC-B{i:09d}",
                first_member_id + (i % linked),
                categories[i % 6],
                f"Réclamation {i}",
                "Je n'ai pas reçu ma pension ce mois-ci malgré mon attestation de vie.",
                status,
                channels[i % 4],
                "fr" if i % 3 else "ar",
                created,
                created,
                created + timedelta(days=15),
                created + timedelta(days=2) if status != "submitted" else None,
                created + timedelta(days=5) if status in {"answered", "closed"} else None,
                created + timedelta(days=9) if status == "closed" else None,
            )

    return _copy(
        Claim,
        [
            "reference",
            "member_id",
            "category",
            "subject",
            "description",
            "status",
            "channel",
            "language",
            "created_at",
            "updated_at",
            "due_at",
            "first_response_at",
            "answered_at",
            "closed_at",
        ],
        rows(),
    )


def copy_ceiling(csv_text, log=print):
    """The raw speed of writing the same member rows: COPY into an unlogged scratch table."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_ceiling")
        # Same columns, no constraints: the database's raw write speed for these rows.
        cursor.execute("CREATE UNLOGGED TABLE bench_copy_ceiling AS SELECT * FROM portal_member WITH NO DATA")
        header = csv_text.readline().strip().split(",")
        with cursor.cursor.copy(f"COPY bench_copy_ceiling ({', '.join(header)}) FROM STDIN WITH (FORMAT csv)") as copy:
            while data := csv_text.read(1 << 20):
                copy.write(data)
        cursor.execute("SELECT count(*) FROM bench_copy_ceiling")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_copy_ceiling")
    return rows


def member_csv(path, count):
    """Write a core-system export of `count` members in the import command's CSV format."""
    import csv

    header = [c for c in MEMBER_COLUMNS if c not in {"created_at", "updated_at"}]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        now = datetime.now(tz=utc)
        for row in member_rows(count, now):
            writer.writerow([value.isoformat() if isinstance(value, date) else value for value in row[: len(header)]])
    return path
