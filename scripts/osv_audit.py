"""The verdict of the dependency audit: pinned requirements against known vulnerabilities.

Two sources, one judgement (``verdict``):

- ``--database FILE``: offline, against a copy of the OSV database for PyPI
  (https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip: a zip of
  OSV JSON records, one per advisory; a folder of such records works too). Each
  pinned ``name==version`` of the requirement files is compared with every
  record's ``affected[]`` entries for that PyPI package: the listed ``versions``
  and the ``ECOSYSTEM``/``SEMVER`` ``ranges`` (introduced / fixed /
  last_affected / limit events, as the OSV schema defines them; versions
  compared with PEP 440 rules by ``packaging``). Withdrawn records are ignored;
  an advisory known under several ids (PYSEC, GHSA, CVE aliases) counts once.
- ``--pip-audit-report FILE``: a ``pip-audit -f json`` report, judged the same way.

Exit status (as scripts/audit-dependencies.sh documents):
0 = every dependency audited, none has a vulnerability with a fixed version
    (one without any fix is printed as a warning: nothing to upgrade to);
1 = at least one vulnerability with a fixed version: upgrade;
3 = incomplete: a requirement is not pinned, the database holds no PyPI record, or
    is older than ``--max-age-days`` (a stale copy would say "clean" about last
    month's world). "Not checked" is never reported as "clean".
"""

import argparse
import datetime
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

CLEAN, VULNERABLE, INCOMPLETE = 0, 1, 3
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#\\]+)")


@dataclass
class Finding:
    package: str
    version: str
    advisory: str
    fixed_in: list = field(default_factory=list)

    def line(self):
        where = f"fixed in {', '.join(self.fixed_in)}" if self.fixed_in else "no fixed version yet"
        return f"{self.package} {self.version}: {self.advisory} ({where})"


def read_requirements(paths):
    """{canonical name: (name, version)} of the pinned lines, and the lines that are not pinned.

    Follows ``-r other.txt`` includes; ignores comments, options and hashes.
    """
    pinned, unpinned, seen = {}, [], set()

    def read(path):
        path = Path(path).resolve()
        if path in seen:
            return
        seen.add(path)
        for raw in path.read_text().splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#") or line.startswith("--hash"):
                continue
            if line.startswith(("-r ", "--requirement ")):
                read(path.parent / line.split(None, 1)[1])
            elif line.startswith("-"):
                continue
            elif match := _PIN.match(line):
                pinned[canonicalize_name(match[1])] = (match[1], match[2])
            else:
                unpinned.append(f"{path.name}: {line}")

    for path in paths:
        read(path)
    return pinned, unpinned


def load_records(database):
    """Every OSV record (a dict) of a zip file or a folder of JSON files."""
    database = Path(database)
    if database.is_dir():
        for path in sorted(database.rglob("*.json")):
            yield json.loads(path.read_text())
        return
    with zipfile.ZipFile(database) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith(".json"):
                yield json.loads(archive.read(name))


def _version(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _in_range(version, events):
    """The OSV schema's evaluation: events in version order; "introduced" opens, "fixed"/"last_affected" close."""
    limits = [_version(e["limit"]) for e in events if "limit" in e and e["limit"] != "*"]
    if any(limit is not None and version >= limit for limit in limits):
        return False
    ordered = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected"):
            if kind in event:
                at = Version("0") if event[kind] == "0" else _version(event[kind])
                if at is not None:
                    ordered.append((at, kind))
    affected = False
    for at, kind in sorted(ordered, key=lambda pair: pair[0]):
        if kind == "introduced" and version >= at:
            affected = True
        elif (kind == "fixed" and version >= at) or (kind == "last_affected" and version > at):
            affected = False
    return affected


def affects(entry, version_text):
    """Whether one ``affected[]`` entry of a record covers this version."""
    version = _version(version_text)
    listed = {_version(v) for v in entry.get("versions", [])} - {None}
    if version is None:
        return version_text in entry.get("versions", [])
    if version in listed:
        return True
    return any(
        _in_range(version, r.get("events", []))
        for r in entry.get("ranges", [])
        if r.get("type") in ("ECOSYSTEM", "SEMVER")
    )


def _fixed_versions(entry):
    fixed = {e["fixed"] for r in entry.get("ranges", []) for e in r.get("events", []) if "fixed" in e}
    return sorted(fixed, key=lambda text: _version(text) or Version("0"))


def audit(pinned, records):
    """Findings for the pinned packages, and what the database holds (record count, newest modification)."""
    findings, known_ids, count, newest = [], {}, 0, ""
    for record in records:
        affected = [a for a in record.get("affected", []) if a.get("package", {}).get("ecosystem") == "PyPI"]
        if not affected:
            continue
        count += 1
        newest = max(newest, record.get("modified", ""))
        if record.get("withdrawn"):
            continue
        ids = {record["id"], *record.get("aliases", [])}
        for entry in affected:
            key = canonicalize_name(entry["package"]["name"])
            if key not in pinned:
                continue
            name, version = pinned[key]
            if not affects(entry, version):
                continue
            reported = known_ids.setdefault(key, set())
            if reported.isdisjoint(ids):
                findings.append(Finding(name, version, record["id"], _fixed_versions(entry)))
            reported |= ids
    return findings, count, newest


def from_pip_audit_report(path):
    """Findings and skipped dependencies of a ``pip-audit -f json`` report."""
    dependencies = json.loads(Path(path).read_text())["dependencies"]
    findings = [
        Finding(d["name"], d["version"], v["id"], list(v.get("fix_versions", [])))
        for d in dependencies
        for v in d.get("vulns", [])
    ]
    skipped = [f"{d['name']}: {d['skip_reason']}" for d in dependencies if d.get("skip_reason")]
    return findings, skipped, len(dependencies)


def verdict(findings, not_checked, total, out=sys.stdout, problems=()):
    """Print the verdict; return the exit status.

    ``not_checked``: one reason per dependency that could not be audited;
    ``problems``: reasons the whole audit cannot be trusted (an empty or stale database).
    """
    for finding in findings:
        if not finding.fixed_in:
            print(f"warning: {finding.line()}", file=out)
    for finding in findings:
        if finding.fixed_in:
            print(f"VULNERABLE: {finding.line()}", file=out)
    for problem in problems:
        print(f"INCOMPLETE: {problem}", file=out)
    if not_checked:
        print(f"INCOMPLETE: {len(not_checked)} of {total} dependencies could not be audited, e.g.", file=out)
        for reason in not_checked[:3]:
            print(f"  {reason}", file=out)
    if problems or not_checked:
        return INCOMPLETE
    if any(finding.fixed_in for finding in findings):
        return VULNERABLE
    print(f"{total} dependencies audited: no fixable vulnerability.", file=out)
    return CLEAN


def main(argv=None, out=sys.stdout, today=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--database", help="OSV records for PyPI: all.zip or a folder of JSON files")
    source.add_argument("--pip-audit-report", help="a `pip-audit -f json` report")
    parser.add_argument("--max-age-days", type=int, default=30, help="refuse a database older than this (default 30)")
    parser.add_argument("requirements", nargs="*", default=["requirements.txt"])
    args = parser.parse_args(argv)

    if args.pip_audit_report:
        findings, skipped, total = from_pip_audit_report(args.pip_audit_report)
        return verdict(findings, skipped, total, out)

    pinned, unpinned = read_requirements(args.requirements)
    findings, count, newest = audit(pinned, load_records(args.database))
    not_checked = [f"not pinned to one version: {line}" for line in unpinned]
    problems = []
    print(f"database: {count} PyPI records, newest modified {newest[:10] or 'never'}", file=out)
    if count == 0:
        problems.append(f"{args.database} holds no PyPI record: is it OSV's PyPI/all.zip?")
    elif args.max_age_days:
        age = (today or datetime.date.today()) - datetime.date.fromisoformat(newest[:10])
        if age.days > args.max_age_days:
            problems.append(f"the database is {age.days} days old (more than {args.max_age_days}): fetch a new copy")
    return verdict(findings, not_checked, len(pinned) + len(unpinned), out, problems)


if __name__ == "__main__":
    sys.exit(main())
