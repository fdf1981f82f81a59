#!/bin/sh
# Audit the pinned runtime dependencies for known vulnerabilities with pip-audit.
#
#   scripts/audit-dependencies.sh [requirements-file]     audit (default: requirements.txt)
#   scripts/audit-dependencies.sh --report FILE           judge an existing `pip-audit -f json` report
#
# Exit status: 0 = every dependency audited and none has a vulnerability with a fixed version
#              (vulnerabilities without any fix are listed but do not fail);
#              1 = at least one fixable vulnerability (upgrade to a listed fix version);
#              3 = the audit is incomplete: the vulnerability service could not be reached or
#                  did not know some dependency. pip-audit itself exits 0 in that case
#                  ("No known vulnerabilities found" while nothing was checked), so this
#                  script reads its JSON report and never mistakes "not checked" for "clean".
# PIP_AUDIT_SERVICE chooses the vulnerability service: pypi (default, PyPI's JSON API) or osv.
set -u
cd "$(dirname "$0")/.." || exit 3
VENV_BIN=${VENV_BIN:-.venv/bin}

if [ "${1:-}" = "--report" ]; then
    report=$2
else
    requirements=${1:-requirements.txt}
    report=$(mktemp)
    trap 'rm -f "$report"' EXIT
    "$VENV_BIN/pip-audit" --requirement "$requirements" \
        --vulnerability-service "${PIP_AUDIT_SERVICE:-pypi}" \
        --progress-spinner off --format json --output "$report" >/dev/null 2>"$report.err"
    status=$?
    if [ ! -s "$report" ]; then
        echo "audit-dependencies: pip-audit could not run (exit $status):" >&2
        tail -n 3 "$report.err" >&2
        rm -f "$report.err"
        exit 3
    fi
    rm -f "$report.err"
fi

"$VENV_BIN/python" - "$report" <<'PYTHON'
import json
import sys

with open(sys.argv[1]) as handle:
    dependencies = json.load(handle)["dependencies"]

skipped = [d for d in dependencies if d.get("skip_reason")]
fixable, unfixable = [], []
for dependency in dependencies:
    for vulnerability in dependency.get("vulns", []):
        line = f"{dependency['name']} {dependency['version']}: {vulnerability['id']}"
        if vulnerability.get("fix_versions"):
            fixable.append(f"{line} (fixed in {', '.join(vulnerability['fix_versions'])})")
        else:
            unfixable.append(f"{line} (no fixed version yet)")

for line in unfixable:
    print(f"warning: {line}")
for line in fixable:
    print(f"VULNERABLE: {line}")
if skipped:
    print(f"INCOMPLETE: {len(skipped)} of {len(dependencies)} dependencies could not be audited, e.g.")
    for dependency in skipped[:3]:
        print(f"  {dependency['skip_reason']}")
    sys.exit(3)
if fixable:
    sys.exit(1)
print(f"{len(dependencies)} dependencies audited: no fixable vulnerability.")
PYTHON
