"""How scripts/audit-dependencies.sh judges the pinned dependencies.

Online, the audit needs a vulnerability service on the internet, which the test
machines do not reach; what must hold everywhere is the judgement: a fixable
vulnerability fails, an unfixable one warns, and a dependency that could not be
checked makes the result "incomplete", never "clean". Offline, the audit reads a
copy of OSV's database for PyPI: here a small one, written by the test, with a
record that affects a pinned version, one fixed before it, one for another
package, one withdrawn, and the other shapes OSV uses (listed versions,
last_affected, aliases).
"""

import datetime
import importlib.util
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit-dependencies.sh"
_spec = importlib.util.spec_from_file_location("osv_audit", ROOT / "scripts" / "osv_audit.py")
osv_audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(osv_audit)

TODAY = datetime.date.today()


def _judge(tmp_path, dependencies):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    return subprocess.run([str(SCRIPT), "--report", str(report)], capture_output=True, text=True, timeout=60)


def _dep(name, version="1.0", vulns=()):
    return {"name": name, "version": version, "vulns": list(vulns)}


@pytest.mark.parametrize(
    ("dependencies", "status", "says"),
    [
        ([_dep("django"), _dep("wagtail")], 0, "2 dependencies audited: no fixable vulnerability."),
        (
            [_dep("django", "5.2.0", [{"id": "PYSEC-1", "fix_versions": ["5.2.1"], "aliases": []}])],
            1,
            "VULNERABLE: django 5.2.0: PYSEC-1 (fixed in 5.2.1)",
        ),
        (
            [_dep("pillow", "9.0", [{"id": "GHSA-x", "fix_versions": [], "aliases": []}]), _dep("django")],
            0,
            "warning: pillow 9.0: GHSA-x (no fixed version yet)",
        ),
        (
            [_dep("django"), {"name": "wagtail", "skip_reason": "Dependency not found on PyPI"}],
            3,
            "INCOMPLETE: 1 of 2 dependencies could not be audited",
        ),
    ],
    ids=["clean", "fixable", "unfixable-only", "unreachable"],
)
def test_the_audit_verdict(tmp_path, dependencies, status, says):
    result = _judge(tmp_path, dependencies)
    assert result.returncode == status, result.stdout + result.stderr
    assert says in result.stdout


# --- offline: OSV records -------------------------------------------------------------------------


def record(osv_id, package, *, events=None, versions=(), aliases=(), withdrawn=None, modified=None):
    affected = {"package": {"ecosystem": "PyPI", "name": package}}
    if events is not None:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": events}]
    if versions:
        affected["versions"] = list(versions)
    data = {
        "schema_version": "1.6.0",
        "id": osv_id,
        "modified": f"{modified or TODAY.isoformat()}T08:00:00Z",
        "aliases": list(aliases),
        "summary": "test advisory",
        "affected": [affected],
    }
    if withdrawn:
        data["withdrawn"] = "2026-01-02T00:00:00Z"
    return data


REQUIREMENTS = "Django==5.2.19\nwagtail==8.0.1\ndjango-allauth[mfa]==65.21.1  # accounts\npypdf==7.1.0\n"
DATABASE = [
    # Affects the pinned Django, fixed in a later release: the audit fails.
    record("PYSEC-2026-1", "django", events=[{"introduced": "5.2"}, {"fixed": "5.2.20"}], aliases=["CVE-2026-1"]),
    # The same advisory under its GitHub id: reported once.
    record("GHSA-aaaa-bbbb-cccc", "Django", events=[{"introduced": "0"}, {"fixed": "5.2.20"}], aliases=["CVE-2026-1"]),
    # Fixed before the pinned wagtail: not affected.
    record("PYSEC-2025-7", "wagtail", events=[{"introduced": "0"}, {"fixed": "7.0.3"}]),
    # Another package altogether.
    record("PYSEC-2026-9", "requests", events=[{"introduced": "0"}, {"fixed": "9.0"}]),
    # Would affect the pinned pypdf, but withdrawn.
    record("GHSA-wwww-xxxx-yyyy", "pypdf", events=[{"introduced": "0"}], withdrawn=True),
]


def write_zip(path, records):
    with zipfile.ZipFile(path, "w") as archive:
        for item in records:
            archive.writestr(f"{item['id']}.json", json.dumps(item))
    return path


def run_audit(tmp_path, records, requirements=REQUIREMENTS, *, as_folder=False, extra_env=None):
    (tmp_path / "requirements.txt").write_text(requirements)
    if as_folder:
        database = tmp_path / "osv"
        database.mkdir()
        for item in records:
            (database / f"{item['id']}.json").write_text(json.dumps(item))
    else:
        database = write_zip(tmp_path / "all.zip", records)
    return subprocess.run(
        [str(SCRIPT), "--osv-database", str(database), str(tmp_path / "requirements.txt")],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("as_folder", [False, True], ids=["zip", "folder"])
def test_a_vulnerable_pin_fails_the_offline_audit(tmp_path, as_folder):
    result = run_audit(tmp_path, DATABASE, as_folder=as_folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "database: 5 PyPI records" in result.stdout
    assert "VULNERABLE: Django 5.2.19: GHSA-aaaa-bbbb-cccc (fixed in 5.2.20)" in result.stdout
    # One advisory, once; fixed, unrelated and withdrawn records say nothing.
    assert result.stdout.count("VULNERABLE") == 1
    for quiet in ("PYSEC-2026-1", "wagtail", "requests", "pypdf"):
        assert quiet not in result.stdout


def test_without_a_known_vulnerability_the_offline_audit_passes(tmp_path):
    result = run_audit(tmp_path, DATABASE[2:])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 dependencies audited: no fixable vulnerability." in result.stdout


def test_a_vulnerability_without_fix_warns(tmp_path):
    result = run_audit(tmp_path, [record("GHSA-nofix", "pypdf", events=[{"introduced": "7.0"}])])
    assert result.returncode == 0, result.stdout
    assert "warning: pypdf 7.1.0: GHSA-nofix (no fixed version yet)" in result.stdout


@pytest.mark.parametrize(
    ("records", "requirements", "says"),
    [
        ([], REQUIREMENTS, "holds no PyPI record"),
        (
            [record("PYSEC-old", "wagtail", events=[{"introduced": "0"}, {"fixed": "1.0"}], modified="2025-01-01")],
            REQUIREMENTS,
            "days old (more than 30): fetch a new copy",
        ),
        (
            DATABASE[2:],
            REQUIREMENTS + "elasticsearch>=8\n",
            "not pinned to one version: requirements.txt: elasticsearch>=8",
        ),
    ],
    ids=["empty-database", "stale-database", "unpinned-requirement"],
)
def test_an_audit_that_cannot_be_trusted_is_incomplete(tmp_path, records, requirements, says):
    result = run_audit(tmp_path, records, requirements)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "INCOMPLETE" in result.stdout and says in result.stdout


def test_included_requirement_files_are_audited(tmp_path):
    (tmp_path / "requirements.txt").write_text("Django==5.2.19\n")
    (tmp_path / "requirements-dev.txt").write_text("-r requirements.txt\npytest==9.2.0 \\\n    --hash=sha256:00\n")
    pinned, unpinned = osv_audit.read_requirements([tmp_path / "requirements-dev.txt"])
    assert pinned == {"django": ("Django", "5.2.19"), "pytest": ("pytest", "9.2.0")}
    assert unpinned == []


@pytest.mark.parametrize(
    ("entry", "version", "affected"),
    [
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}, "1.9.9", True),
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}, "2.0", False),
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.5"}, {"fixed": "2.0"}]}]}, "1.4", False),
        # Two ranges in one list of events: 1.x fixed in 1.2, 2.x fixed in 2.3.
        (
            {
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [{"introduced": "0"}, {"fixed": "1.2"}, {"introduced": "2.0"}, {"fixed": "2.3"}],
                    }
                ]
            },
            "1.5",
            False,
        ),
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "3.1"}]}]}, "3.1", True),
        (
            {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "3.1"}]}]},
            "3.1.1",
            False,
        ),
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"limit": "4.0"}]}]}, "4.1", False),
        # PEP 440 order, not string order: 10.0 comes after 9.0; a release candidate before its release.
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "10.0"}]}]}, "9.0", True),
        ({"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.0"}]}]}, "5.0rc1", True),
        # Listed versions only; commit ranges (GIT) cannot say anything about a version number.
        ({"versions": ["1.0", "1.1"]}, "1.1", True),
        ({"versions": ["1.0", "1.1"]}, "1.2", False),
        ({"ranges": [{"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "abc123"}]}]}, "1.0", False),
    ],
)
def test_osv_ranges_are_read_as_the_schema_defines_them(entry, version, affected):
    assert osv_audit.affects(entry, version) is affected


def test_the_verdict_counts_each_advisory_once_across_its_aliases():
    pinned = {"django": ("Django", "5.2.19")}
    findings, count, newest = osv_audit.audit(pinned, DATABASE[:2])
    assert [f.advisory for f in findings] == ["PYSEC-2026-1"]
    assert count == 2 and newest.startswith(TODAY.isoformat())
    out = io.StringIO()
    assert osv_audit.verdict(findings, [], 1, out) == osv_audit.VULNERABLE
