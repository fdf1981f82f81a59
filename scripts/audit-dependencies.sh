#!/bin/sh
# Audit the pinned dependencies for known vulnerabilities.
#
#   scripts/audit-dependencies.sh --osv-database FILE [requirements-file...]
#                                          offline, against OSV's database for PyPI (all.zip, or a folder
#                                          of OSV JSON records); default: requirements.txt and
#                                          requirements-dev.txt. Where to get the file: docs/DEPLOYMENT.md.
#   scripts/audit-dependencies.sh [requirements-file]
#                                          online, with pip-audit (default: requirements.txt)
#   scripts/audit-dependencies.sh --report FILE
#                                          judge an existing `pip-audit -f json` report
#
# The verdict is scripts/osv_audit.py's, the same for the three ways. Exit status:
#              0 = every dependency audited and none has a vulnerability with a fixed version
#              (vulnerabilities without any fix are listed but do not fail);
#              1 = at least one fixable vulnerability (upgrade to a listed fix version);
#              3 = the audit is incomplete: the vulnerability service could not be reached or
#                  did not know some dependency, a requirement is not pinned, or the offline
#                  database is empty or older than 30 days (OSV_MAX_AGE_DAYS). pip-audit itself
#                  exits 0 when it could not check anything ("No known vulnerabilities found"),
#                  so its JSON report is read and "not checked" is never mistaken for "clean".
# PIP_AUDIT_SERVICE chooses pip-audit's vulnerability service: pypi (default, PyPI's JSON API) or osv.
set -u
cd "$(dirname "$0")/.." || exit 3
VENV_BIN=${VENV_BIN:-.venv/bin}

case "${1:-}" in
--osv-database)
    [ $# -ge 2 ] || { echo "usage: $0 --osv-database FILE [requirements-file...]" >&2; exit 3; }
    database=$2
    shift 2
    [ $# -gt 0 ] || set -- requirements.txt requirements-dev.txt
    exec "$VENV_BIN/python" scripts/osv_audit.py --database "$database" \
        --max-age-days "${OSV_MAX_AGE_DAYS:-30}" "$@"
    ;;
--report)
    exec "$VENV_BIN/python" scripts/osv_audit.py --pip-audit-report "$2"
    ;;
esac

requirements=${1:-requirements.txt}
report=$(mktemp)
trap 'rm -f "$report" "$report.err"' EXIT
"$VENV_BIN/pip-audit" --requirement "$requirements" \
    --vulnerability-service "${PIP_AUDIT_SERVICE:-pypi}" \
    --progress-spinner off --format json --output "$report" >/dev/null 2>"$report.err"
status=$?
if [ ! -s "$report" ]; then
    echo "audit-dependencies: pip-audit could not run (exit $status):" >&2
    tail -n 3 "$report.err" >&2
    exit 3
fi
"$VENV_BIN/python" scripts/osv_audit.py --pip-audit-report "$report"
