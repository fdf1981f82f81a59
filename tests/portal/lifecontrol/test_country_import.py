"""The members' import reads the country of the address (the life control's population rests on it): empty or
missing means Morocco, a code that is not ISO 3166 is a line error and nothing is written."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from portal import rib
from portal.lifecontrol import services
from portal.lifecontrol.models import Campaign
from portal.models import Member

pytestmark = pytest.mark.django_db

HEADER = [
    "core_id", "affiliation_number", "pension_number", "national_id", "first_name", "last_name", "birth_date",
    "status", "email", "phone", "bank_rib", "country",
]  # fmt: skip


def a_rib(n):
    prefix = f"230780{n:016d}"
    return f"{prefix}{rib.check_key(prefix):02d}"


def row(n, **changes):
    return {
        "core_id": f"LC{n:06d}",
        "affiliation_number": f"AFLC{n:08d}",
        "pension_number": f"PLC{n:06d}",
        "national_id": f"LC{n:06d}",
        "first_name": "Fatima",
        "last_name": f"Alaoui{n}",
        "birth_date": "1950-06-01",
        "status": "retired",
        "email": f"f{n}@example.org",
        "phone": "",
        "bank_rib": a_rib(n),
        "country": "",
        **changes,
    }


def write(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_members(path):
    out = io.StringIO()
    call_command("import_members", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_country_is_read_and_empty_means_morocco(tmp_path):
    path = write(tmp_path / "members.csv", [row(1, country="FR"), row(2, country=" be "), row(3), row(4, country="ma")])
    import_members(path)
    countries = dict(Member.objects.values_list("core_id", "country"))
    assert countries == {"LC000001": "FR", "LC000002": "BE", "LC000003": "MA", "LC000004": "MA"}
    # The population of a campaign for addresses abroad follows.
    campaign = Campaign(name="2027", year=2027, opens_on="2027-01-04", deadline="2027-03-31", grace_days=30)
    assert sorted(services.population(campaign).values_list("core_id", flat=True)) == ["LC000001", "LC000002"]


def test_an_older_export_without_the_column_means_morocco(tmp_path):
    path = write(tmp_path / "members.csv", [row(1)], header=HEADER[:-1])
    import_members(path)
    assert Member.objects.get().country == "MA"


def test_a_move_abroad_is_imported(tmp_path):
    import_members(write(tmp_path / "members.csv", [row(1)]))
    import_members(write(tmp_path / "members.csv", [row(1, country="ES")]))
    assert Member.objects.get().country == "ES"


@pytest.mark.parametrize("bad", ["France", "XX", "F", "123"])
def test_a_bad_country_is_a_line_error_and_nothing_is_written(tmp_path, bad):
    path = write(tmp_path / "members.csv", [row(1, country="FR"), row(2, country=bad), row(3)])
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_members", str(path), stdout=out, stderr=io.StringIO())
    assert "line 3" in out.getvalue() and "ISO 3166" in out.getvalue()
    assert not Member.objects.exists()
