"""The members' import reads the affiliation date (the career page flags periods before it): empty or
missing in an older export means unknown, a bad date is a line error and nothing is written."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from portal.models import Member
from tests.portal.lifecontrol.test_country_import import HEADER, import_members, row, write

pytestmark = pytest.mark.django_db

WITH_DATE = [*HEADER, "affiliation_date"]


def test_the_affiliation_date_is_read_and_empty_means_unknown(tmp_path):
    rows = [row(1, affiliation_date="1990-09-01"), row(2, affiliation_date="")]
    import_members(write(tmp_path / "members.csv", rows, header=WITH_DATE))
    dates = dict(Member.objects.values_list("core_id", "affiliation_date"))
    assert dates == {"LC000001": datetime.date(1990, 9, 1), "LC000002": None}


def test_an_older_export_without_the_column_leaves_it_unknown(tmp_path):
    import_members(write(tmp_path / "members.csv", [row(1)]))
    assert Member.objects.get().affiliation_date is None


def test_a_bad_affiliation_date_is_a_line_error_and_nothing_is_written(tmp_path):
    rows = [row(1, affiliation_date="1990-09-01"), row(2, affiliation_date="1990-13-01")]
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_members", str(write(tmp_path / "m.csv", rows, header=WITH_DATE)), stdout=out)
    assert "line 3" in out.getvalue() and "affiliation_date" in out.getvalue()
    assert not Member.objects.exists()
