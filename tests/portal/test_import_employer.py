"""The members' import reads the civil servant's unit (``employer_id``, an organisation's core id): a known
unit is linked, an unknown one is a line error and nothing is written, empty means no employer, and an
older export without the column still imports."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from portal.importing import engine
from portal.importing.specs import MEMBERS
from portal.models import Member
from portal.partners.models import Organisation
from tests.portal.test_import import HEADER, member_row, write_csv

pytestmark = pytest.mark.django_db

WITH_EMPLOYER = [*HEADER, "employer_id"]


@pytest.fixture(params=list(engine.METHODS))
def method(request):
    """Both paths of the engine: PostgreSQL's COPY and the ORM's (SQLite's)."""
    return request.param


@pytest.fixture
def units():
    ministry = Organisation.objects.create(core_id="MEN", name="Ministère de l'Éducation nationale")
    academy = Organisation.objects.create(core_id="MEN-R01", name="Académie de Rabat", parent=ministry)
    return ministry, academy


def employers():
    return dict(Member.objects.values_list("core_id", "employer__core_id"))


def import_members(path, method=None):
    out = io.StringIO()
    call_command("import_members", str(path), stdout=out, stderr=io.StringIO(), method=method)
    return out.getvalue()


def test_a_known_unit_is_linked_and_empty_means_no_employer(tmp_path, units, method):
    rows = [member_row(1, employer_id="MEN-R01"), member_row(2, employer_id=" MEN "), member_row(3, employer_id="")]

    import_members(write_csv(tmp_path / "members.csv", rows, header=WITH_EMPLOYER), method)

    assert employers() == {"C0000001": "MEN-R01", "C0000002": "MEN", "C0000003": None}


def test_json_lines_name_the_unit_the_same_way(tmp_path, units, method):
    path = tmp_path / "members.jsonl"
    rows = [member_row(1, employer_id="MEN-R01"), member_row(2, employer_id=None), member_row(3)]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")

    report = engine.run(MEMBERS, path, method=method)

    assert report.error_count == 0
    assert employers() == {"C0000001": "MEN-R01", "C0000002": None, "C0000003": None}


def test_an_unknown_unit_is_a_line_error_and_nothing_is_written(tmp_path, units, method):
    rows = [member_row(1, employer_id="MEN-R01"), member_row(2, employer_id="MEN-R99")]
    out = io.StringIO()

    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_members", str(write_csv(tmp_path / "m.csv", rows, header=WITH_EMPLOYER)), stdout=out, method=method
        )

    assert "line 3: employer_id 'MEN-R99' is not a known organisation" in out.getvalue()
    assert "line 2" not in out.getvalue()
    assert not Member.objects.exists()


def test_an_older_export_without_the_column_still_imports_with_no_employer(tmp_path, units, method):
    output = import_members(write_csv(tmp_path / "members.csv", [member_row(1), member_row(2)]), method)

    assert "2 were created" in output
    assert employers() == {"C0000001": None, "C0000002": None}


def test_a_move_to_another_unit_updates_only_that_member_and_the_same_file_twice_changes_nothing(
    tmp_path, units, method
):
    first = [member_row(1, employer_id="MEN-R01"), member_row(2, employer_id="MEN-R01")]
    import_members(write_csv(tmp_path / "first.csv", first, header=WITH_EMPLOYER), method)
    stamps = dict(Member.objects.values_list("core_id", "updated_at"))

    moved = [member_row(1, employer_id="MEN-R01"), member_row(2, employer_id="MEN")]
    report = engine.run(MEMBERS, write_csv(tmp_path / "moved.csv", moved, header=WITH_EMPLOYER), method=method)
    again = engine.run(MEMBERS, write_csv(tmp_path / "again.csv", moved, header=WITH_EMPLOYER), method=method)

    assert (report.updated, report.unchanged) == (1, 1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert employers() == {"C0000001": "MEN-R01", "C0000002": "MEN"}
    assert Member.objects.get(core_id="C0000001").updated_at == stamps["C0000001"]


def test_the_units_and_their_civil_servants_in_one_go_through_both_commands(tmp_path):
    from tests.portal.test_import_organisations import TREE
    from tests.portal.test_import_organisations import write_csv as write_organisations

    call_command("import_organisations", str(write_organisations(tmp_path / "o.csv", TREE)), stdout=io.StringIO())
    rows = [member_row(1, employer_id="MEN-R01-P1")]
    import_members(write_csv(tmp_path / "members.csv", rows, header=WITH_EMPLOYER))

    ministry = Organisation.objects.get(core_id="MEN")
    assert Member.objects.filter(employer_id__in=ministry.tree_ids()).count() == 1
