"""How scripts/audit-dependencies.sh judges a pip-audit report.

The audit itself needs a vulnerability service on the internet, which the
test machines do not reach; what must hold everywhere is the judgement: a
fixable vulnerability fails, an unfixable one warns, and a dependency that
could not be checked makes the result "incomplete", never "clean".
"""

import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit-dependencies.sh"


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
