"""The employers' tree from the core system (``import_organisations``): a good file in any order, bad lines
reported by number with nothing written, the same file twice, unknown parents, cycles, Arabic names."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from portal.importing import organisations
from portal.partners.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = ["core_id", "name", "name_ar", "parent_core_id", "active"]

# Units before their ministry, as a core system's export in id order may well have them.
TREE = [
    {"core_id": "MEN-R01-P1", "name": "Direction provinciale de Salé", "name_ar": "المديرية الإقليمية بسلا",
     "parent_core_id": "MEN-R01", "active": "1"},
    {"core_id": "MEN-R01", "name": "Académie régionale de Rabat-Salé-Kénitra",
     "name_ar": "الأكاديمية الجهوية للتربية والتكوين لجهة الرباط سلا القنيطرة", "parent_core_id": "MEN", "active": ""},
    {"core_id": "MEN", "name": "Ministère de l'Éducation nationale", "name_ar": "وزارة التربية الوطنية",
     "parent_core_id": "", "active": "1"},
    {"core_id": "MS", "name": "Ministère de la Santé", "name_ar": "", "parent_core_id": "", "active": "oui"},
]  # fmt: skip


def write_csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_file(path):
    out = io.StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failed_import(path):
    """The command's report of a refused file (it exits with an error)."""
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_organisations", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def tree():
    return {
        o.core_id: (o.parent.core_id if o.parent else None, o.is_active)
        for o in Organisation.objects.select_related("parent")
    }


def test_a_good_file_builds_the_tree_whatever_the_order_of_its_lines(tmp_path):
    output = import_file(write_csv(tmp_path / "organisations.csv", TREE))

    assert "4 were created" in output
    assert tree() == {
        "MEN": (None, True),
        "MEN-R01": ("MEN", True),
        "MEN-R01-P1": ("MEN-R01", True),
        "MS": (None, True),
    }
    ministry = Organisation.objects.get(core_id="MEN")
    assert ministry.tree_ids() == set(
        Organisation.objects.filter(core_id__startswith="MEN").values_list("pk", flat=True)
    )


def test_arabic_names_are_kept_as_written_and_shown_in_arabic(tmp_path):
    import_file(write_csv(tmp_path / "organisations.csv", TREE))

    academy = Organisation.objects.get(core_id="MEN-R01")
    assert academy.name_ar == "الأكاديمية الجهوية للتربية والتكوين لجهة الرباط سلا القنيطرة"
    assert academy.display_name("ar") == academy.name_ar
    # No Arabic name in the export: the French one, in both languages.
    assert Organisation.objects.get(core_id="MS").display_name("ar") == "Ministère de la Santé"


def test_json_lines_are_read_too(tmp_path):
    path = tmp_path / "organisations.jsonl"
    rows = [{**row, "active": row["active"] != "0"} for row in TREE]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")

    report = organisations.run(path)

    assert (report.error_count, report.created) == (0, 4)
    assert Organisation.objects.get(core_id="MEN-R01").name_ar.startswith("الأكاديمية")


def test_the_same_file_twice_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "organisations.csv", TREE)
    import_file(path)
    before = list(Organisation.objects.order_by("pk").values())

    report = organisations.run(path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert list(Organisation.objects.order_by("pk").values()) == before


def test_a_newer_export_moves_renames_and_closes_units_and_keeps_the_ones_it_leaves_out(tmp_path):
    import_file(write_csv(tmp_path / "first.csv", TREE))
    ids = dict(Organisation.objects.values_list("core_id", "pk"))
    newer = [
        {**TREE[0], "parent_core_id": "MS", "active": "0"},
        {**TREE[3], "name": "Ministère de la Santé et de la Protection sociale"},
    ]

    report = organisations.run(write_csv(tmp_path / "second.csv", newer))

    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    assert tree()["MEN-R01-P1"] == ("MS", False)
    assert tree()["MEN-R01"] == ("MEN", True)  # not in the file: as it was
    assert Organisation.objects.get(core_id="MS").name == "Ministère de la Santé et de la Protection sociale"
    assert dict(Organisation.objects.values_list("core_id", "pk")) == ids  # updated in place


def test_bad_lines_are_reported_by_number_and_nothing_is_written(tmp_path):
    rows = [
        *TREE,
        {"core_id": "", "name": "Sans identifiant", "parent_core_id": "MEN"},  # line 6
        {"core_id": "MI", "name": "", "parent_core_id": ""},  # line 7
        {"core_id": "MF", "name": "Ministère des Finances", "active": "peut-être"},  # line 8
        {"core_id": "MEN", "name": "Doublon", "parent_core_id": ""},  # line 9
        {"core_id": "X" * 41, "name": "Trop long"},  # line 10
    ]

    output = failed_import(write_csv(tmp_path / "organisations.csv", rows))

    assert "line 6: core_id is required" in output
    assert "line 7: name is required" in output
    assert "line 8: active must be 1 or 0" in output
    assert "line 9: same core_id 'MEN' as line 4" in output
    assert "line 10: core_id is longer than 40 characters" in output
    assert "line 2" not in output and "line 5" not in output
    assert not Organisation.objects.exists()


def test_a_malformed_line_is_reported_and_nothing_is_written(tmp_path):
    path = tmp_path / "organisations.csv"
    write_csv(path, TREE)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("MI,Ministère de l'Intérieur,,,1,surplus\n")

    output = failed_import(path)

    assert "line 6: more values than columns" in output
    assert not Organisation.objects.exists()


def test_an_unknown_parent_is_an_error_on_its_line(tmp_path):
    rows = [TREE[2], {"core_id": "MEN-R99", "name": "Académie inconnue", "parent_core_id": "MEN-R98"}]

    output = failed_import(write_csv(tmp_path / "organisations.csv", rows))

    assert "line 3: parent_core_id 'MEN-R98' is not known" in output
    assert not Organisation.objects.exists()


def test_a_parent_imported_before_is_known(tmp_path):
    import_file(write_csv(tmp_path / "ministries.csv", [TREE[2]]))

    import_file(write_csv(tmp_path / "units.csv", [TREE[1]]))

    assert tree()["MEN-R01"] == ("MEN", True)


def test_a_cycle_in_the_file_is_an_error_on_each_of_its_lines(tmp_path):
    rows = [
        TREE[2],
        {"core_id": "A", "name": "Unité A", "parent_core_id": "B"},  # line 3
        {"core_id": "B", "name": "Unité B", "parent_core_id": "A"},  # line 4
        {"core_id": "C", "name": "Unité C", "parent_core_id": "A"},  # line 5: below the cycle, not in it
        {"core_id": "D", "name": "Unité D", "parent_core_id": "D"},  # line 6: its own parent
    ]

    output = failed_import(write_csv(tmp_path / "organisations.csv", rows))

    assert "line 3: parent_core_id makes a cycle: A → B → A" in output
    assert "line 4: parent_core_id makes a cycle: B → A → B" in output
    assert "line 6: parent_core_id makes a cycle: D → D" in output
    assert "line 5" not in output
    assert not Organisation.objects.exists()


def test_a_cycle_through_the_stored_tree_is_refused_and_the_tree_kept(tmp_path):
    import_file(write_csv(tmp_path / "organisations.csv", TREE))

    # The ministry under its own academy: the academy (not in this file) is under the ministry.
    output = failed_import(write_csv(tmp_path / "moved.csv", [{**TREE[2], "parent_core_id": "MEN-R01-P1"}]))

    assert "line 2: parent_core_id makes a cycle: MEN → MEN-R01-P1 → MEN-R01 → MEN" in output
    assert tree()["MEN"] == (None, True)


def test_a_dry_run_counts_and_writes_nothing(tmp_path):
    out = io.StringIO()
    call_command("import_organisations", str(write_csv(tmp_path / "o.csv", TREE)), "--dry-run", stdout=out)

    assert "4 would be created" in out.getvalue()
    assert not Organisation.objects.exists()
