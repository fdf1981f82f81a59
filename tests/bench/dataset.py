"""National-scale synthetic data, written with PostgreSQL COPY.

Scale 1.0 is the reference customer: 1.6 million members (60 % contributing,
38 % pensioners, 2 % survivors) with two career periods each and twelve monthly
payments per pensioner, 200,000 linked accounts, 500,000 claims and 10,000
published pages in two languages. Every member in service works in a unit of an
employing administration (``employers``): the largest ministry has about 50,000
civil servants. Smaller scales keep the proportions.

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
CITY_REGIONS = ["04", "06", "03", "07", "01", "09", "02"]  # their regions' codes (portal.regions)


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
            CITY_REGIONS[i % len(CITIES)],
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
    "region",
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
    written["organisations"], written["civil_servants"] = employers(log=log)

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


# The employing administrations (portal.partners.Organisation): a tree per ministry, as the core system
# has it. (core id, French name, Arabic name, civil servants at scale 1.0, regional units, local units
# per region). The Education ministry is the "largest ministry" (about 50,000 civil servants);
# the other members in service work for smaller administrations of a single level.
MINISTRIES = [
    ("MEN", "Ministère de l'Éducation nationale", "وزارة التربية الوطنية", 50_000, 12, 5),
    ("MS", "Ministère de la Santé", "وزارة الصحة", 40_000, 12, 3),
    ("MI", "Ministère de l'Intérieur", "وزارة الداخلية", 35_000, 12, 2),
    ("MF", "Ministère de l'Économie et des Finances", "وزارة الاقتصاد والمالية", 25_000, 6, 2),
]
# 960,000 members in service at scale 1.0, less the four ministries: 40 administrations of about 20,250.
OTHER_ADMINISTRATIONS = 40
IN_SERVICE_AT_SCALE_1 = 960_000
REGIONS = ["Rabat-Salé-Kénitra", "Casablanca-Settat", "Fès-Meknès", "Marrakech-Safi", "Tanger-Tétouan-Al Hoceïma"]
REGIONS_AR = ["الرباط سلا القنيطرة", "الدار البيضاء سطات", "فاس مكناس", "مراكش آسفي", "طنجة تطوان الحسيمة"]


def _employer_tree():
    """[(core_id, name, name_ar, parent core_id or None, weight)]: parents before their units. A ministry's
    civil servants are spread evenly over its nodes (central services, regional units, local units)."""
    nodes = []
    for core_id, name, name_ar, staff, regions, locals_per_region in MINISTRIES:
        tree = [(core_id, name, name_ar, None)]
        for r in range(1, regions + 1):
            region_id = f"{core_id}-R{r:02d}"
            region, region_ar = REGIONS[(r - 1) % len(REGIONS)], REGIONS_AR[(r - 1) % len(REGIONS_AR)]
            tree.append((region_id, f"{name} – {region} ({r})", f"{name_ar} – {region_ar} ({r})", core_id))
            for p in range(1, locals_per_region + 1):
                tree.append(
                    (f"{region_id}-P{p}", f"{name} – direction {r}.{p}", f"{name_ar} – مديرية {r}.{p}", region_id)
                )
        nodes.extend((*node, staff / len(tree)) for node in tree)
    others = IN_SERVICE_AT_SCALE_1 - sum(ministry[3] for ministry in MINISTRIES)
    for n in range(1, OTHER_ADMINISTRATIONS + 1):
        nodes.append(
            (
                f"ADM{n:03d}",
                f"Administration publique {n}",
                f"الإدارة العمومية {n}",
                None,
                others / OTHER_ADMINISTRATIONS,
            )
        )
    return nodes


def employers(log=print):
    """The employers' tree, and an employer for every member in service (a deterministic draw weighted by
    each unit's share). Returns (organisations, civil servants given an employer)."""
    from portal.models import Member
    from portal.partners.models import Organisation

    nodes = _employer_tree()
    ids = {}
    for core_id, name, name_ar, parent, _weight in nodes:  # parents first: one INSERT each, a few hundred rows
        ids[core_id] = Organisation.objects.create(
            core_id=core_id, name=name, name_ar=name_ar, parent_id=ids[parent] if parent else None
        ).pk
    population = [ids[node[0]] for node in nodes]
    weights = [node[4] for node in nodes]
    # The ids first (a few MB at scale 1.0): the COPY below holds the connection.
    in_service = list(Member.objects.filter(status="contributing").order_by("pk").values_list("pk", flat=True))
    drawn = random.Random(19).choices(population, weights, k=len(in_service))

    with connection.cursor() as cursor:
        # COPY the pairs into a scratch table, then one UPDATE joining it: far faster than row updates.
        cursor.execute("CREATE TEMPORARY TABLE bench_employer (member_id bigint PRIMARY KEY, employer_id bigint)")
        raw = cursor.cursor
        with raw.copy("COPY bench_employer (member_id, employer_id) FROM STDIN") as copy:
            for row in zip(in_service, drawn, strict=True):
                copy.write_row(row)
        cursor.execute(
            "UPDATE portal_member m SET employer_id = e.employer_id FROM bench_employer e WHERE m.id = e.member_id"
        )
        updated = cursor.rowcount
        cursor.execute("DROP TABLE bench_employer")
        # The update left a dead version of each row: reclaim them and refresh the visibility map (index-only
        # counts) and the statistics the planner reads for the employer index.
        cursor.execute("VACUUM ANALYZE portal_member")
    log(f"employers: {len(nodes)} organisations, {updated} civil servants given one")
    return len(nodes), updated
