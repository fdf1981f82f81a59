"""The members' import reads the region code (the steering figures count adoption by region): empty or
missing in an older export means not known (and abroad), an unknown code is a line error and nothing is written."""

import io

import pytest
from django.core.management import CommandError, call_command

from portal.models import Member
from tests.portal.lifecontrol.test_country_import import HEADER, import_members, row, write

pytestmark = pytest.mark.django_db

WITH_REGION = [*HEADER, "region"]


def test_the_region_code_is_read_and_empty_means_not_known(tmp_path):
    rows = [row(1, region="06"), row(2, region="")]
    import_members(write(tmp_path / "members.csv", rows, header=WITH_REGION))
    assert dict(Member.objects.values_list("core_id", "region")) == {"LC000001": "06", "LC000002": ""}


def test_an_older_export_without_the_column_leaves_it_not_known(tmp_path):
    import_members(write(tmp_path / "members.csv", [row(1)]))
    assert Member.objects.get().region == ""


def test_an_unknown_region_code_is_a_line_error_and_nothing_is_written(tmp_path):
    rows = [row(1, region="04"), row(2, region="13")]
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_members", str(write(tmp_path / "m.csv", rows, header=WITH_REGION)), stdout=out)
    assert "line 3" in out.getvalue() and "region" in out.getvalue()
    assert not Member.objects.exists()
