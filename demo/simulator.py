"""The demo's member in service, for the pension simulator and the career flags.

Rachid Bennani, a court clerk a few months from his pension: born 62 years before this year, so that the demo
stays a member in service whenever it is loaded (the legal date is always 5 to 17 months ahead). His file has a
career of 35 years with one gap (the second half of 1998, between two posts) and one year whose contributions
are lower than his salary implies (2009), so that the career page shows two flags and « Report an error » can
be tried; the simulator estimates his pension from that file.

Every demo file also gets its affiliation date (the start of its first period) and the yearly contributions
of the years the core system's export leaves out (fixtures/portal/contributions.jsonl starts in 2015), at the
published rates: without them, each of the other demo careers would show a "no contributions" flag that no
real file would. Everything goes through the core-system importers, as the other demo files do.
"""

import datetime
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from demo.accounts import ensure_user
from demo.files import rows as _rows
from portal import rib
from portal.models import Member
from portal.pension_rules import schedule
from portal.pension_rules.names import Name

ACCOUNT = "actif@demo.example"
FILE = "CORE-D-0006"
GAP = (datetime.date(1998, 7, 1), datetime.date(1998, 12, 31))
LOW_YEAR = 2009
# The share of the year's contributions recorded in the low year: three months of the twelve are missing.
LOW_SHARE = Decimal("0.75")

_RIB_PREFIX = "190780000044556677889"
MEMBER = {
    "core_id": FILE,
    "affiliation_number": "AF1991006218",
    "pension_number": "",
    "national_id": "D498231",
    "first_name": "Rachid",
    "last_name": "Bennani",
    "first_name_ar": "رشيد",
    "last_name_ar": "بناني",
    "birth_date": "",  # below: 62 years before this year
    "affiliation_date": "1991-09-01",
    "status": "contributing",
    "sex": "M",
    "email": ACCOUNT,
    "phone": "0663458712",
    "address_line": "3, rue Ibn Khaldoun, Hamria",
    "postal_code": "50000",
    "city": "Meknès",
    "region": "03",  # Fès-Meknès
    "bank_rib": "",  # below: with its check key
}
CAREER = [
    # core_id, administration, grade, start, end, monthly salary (contribution base)
    ("CAR-0006-1", "Ministère de la Justice", "Greffier", "1991-09-01", "1998-06-30", "4200.00"),
    (
        "CAR-0006-2",
        "Tribunal de première instance de Meknès",
        "Greffier principal",
        "1999-01-01",
        "2011-12-31",
        "7800.00",
    ),
    ("CAR-0006-3", "Cour d'appel de Meknès", "Greffier en chef", "2012-01-01", "", "12400.00"),
]


def load():
    """The member in service, his account, and the affiliation dates and contribution years of every demo file."""
    user = ensure_user(ACCOUNT, first_name=MEMBER["first_name"], last_name=MEMBER["last_name"])
    members = [_with_affiliation_date(row) for row in _rows("members")] + [_member()]
    careers = _rows("careers") + [_period(*period) for period in CAREER]
    _import("members", members)
    _import("careers", careers)
    _import("contributions", _missing_years(careers, _rows("contributions")))
    member = Member.objects.get(core_id=FILE)
    if member.user_id is None and not Member.objects.filter(user=user).exists():
        member.user = user
        member.save(update_fields=["user"])
    return member


def _member():
    prefix = _RIB_PREFIX + "0"  # 22 digits, then the key the importer checks
    born = datetime.date(timezone.localdate().year - 62, 5, 20)
    return {**MEMBER, "birth_date": born.isoformat(), "bank_rib": f"{prefix}{rib.check_key(prefix):02d}"}


def _period(core_id, administration, grade, start, end, salary):
    return {
        "core_id": core_id,
        "member_core_id": FILE,
        "administration": administration,
        "grade": grade,
        "start_date": start,
        "end_date": end,
        "contribution_base": salary,
    }


def _with_affiliation_date(row):
    starts = [period["start_date"] for period in _rows("careers") if period["member_core_id"] == row["core_id"]]
    return {**row, "affiliation_date": row.get("affiliation_date") or min(starts, default="")}


def _missing_years(careers, recorded):
    """Each demo file's contribution years the export does not have, at the rate of each year."""
    rules = schedule.load()
    today = timezone.localdate()
    have = {(row["member_core_id"], row["year"]) for row in recorded}
    rows = []
    for core_id in sorted({period["member_core_id"] for period in careers}):
        periods = [period for period in careers if period["member_core_id"] == core_id]
        first = min(int(period["start_date"][:4]) for period in periods)
        last = max(int(period["end_date"][:4]) if period["end_date"] else today.year for period in periods)
        for year in range(first, last + 1):
            base = sum(_salary_in(period, year, today) for period in periods)
            if (core_id, year) in have or not base:
                continue
            amount = base * rules.rate(Name.CONTRIBUTION_RATE, datetime.date(year, 1, 1))
            if core_id == FILE and year == LOW_YEAR:
                amount *= LOW_SHARE
            amount = amount.quantize(Decimal("0.01"))
            rows.append(
                {
                    "member_core_id": core_id,
                    "year": year,
                    "contribution_base": str(base),
                    "employee_amount": str(amount),
                    "employer_amount": str(amount),
                }
            )
    return rows


def _salary_in(period, year, today):
    """The salaries of the period's months in that year (months counted whole, as the career page counts them)."""
    start = datetime.date.fromisoformat(period["start_date"])
    end = datetime.date.fromisoformat(period["end_date"]) if period["end_date"] else today
    first = max(start.year * 12 + start.month, year * 12 + 1)
    last = min(end.year * 12 + end.month, year * 12 + 12)
    return Decimal(period["contribution_base"]) * max(0, last - first + 1)


def _import(name, rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.jsonl"
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        call_command(f"import_{name}", str(path), stdout=io.StringIO(), stderr=io.StringIO())
