"""The core system's tree of employers (``portal.partners.Organisation``): ministries and their units.

Columns: ``core_id``, ``name``, ``name_ar`` (optional), ``parent_core_id`` (optional: empty for a
ministry), ``active`` (optional: 1/0, true/false, yes/no, oui/non; empty means active).

Unlike the member-file exports, the tree is small (a few thousand units for a whole civil service)
and refers to itself: a unit's parent may come after it in the file. So the file is read whole,
checked whole (values, duplicates, parents that are neither in the file nor imported before, cycles,
each reported by line) and written in one transaction: one batch, all or nothing. Rows equal to
what is stored are not rewritten, so importing the same file twice changes nothing. Units the file
does not mention are left as they are (an export may cover one ministry); the core system closes a
unit by sending it with ``active`` 0, never by leaving it out, and the portal never deletes one
(civil servants and dossiers point at it).
"""

from django.db import transaction

from portal.importing import fields as f
from portal.importing.engine import Report
from portal.importing.readers import RowError, detect_format, read_rows
from portal.importing.specs import Spec
from portal.partners.models import Organisation

ORGANISATIONS = Spec(
    name="organisations",
    model=Organisation,
    columns={
        "core_id": f.text(40),
        "name": f.text(200),
        "name_ar": f.text(200, required=False),
        "parent_core_id": f.text(40, required=False),
        "active": f.boolean(default=True),
    },
)

# What is compared and written besides the key and the parent.
_FIELDS = {"name": "name", "name_ar": "name_ar", "active": "is_active"}


def run(path, *, fmt=None, dry_run=False, progress=None):
    """Import one export of the employers' tree; returns an ``engine.Report``."""
    report = Report(dry_run=dry_run)
    rows = _read(path, detect_format(path, fmt), report)
    if progress:
        progress("checked", report.rows)
    if report.error_count:
        report.sort_errors()
        return report
    _write(rows, report, dry_run)
    report.written = not dry_run
    if progress:
        progress("written" if not dry_run else "compared", report.rows)
    return report


def _read(path, fmt, report):
    """{core_id: (line, values)} of the valid rows; every error goes to the report with its line."""
    rows = {}
    for line, row in read_rows(path, fmt):
        report.rows += 1
        if isinstance(row, RowError):
            report.add_error(line, str(row))
            continue
        values, errors = ORGANISATIONS.clean(row)
        for message in errors:
            report.add_error(line, message)
        if errors:
            continue
        core_id = values["core_id"]
        if core_id in rows:
            report.add_error(line, f"same core_id {core_id!r} as line {rows[core_id][0]}")
            continue
        rows[core_id] = (line, values)
    _check_parents(rows, report)
    return rows


def _check_parents(rows, report):
    """Unknown parents and cycles, against the tree as it will be: the stored one, changed by the file."""
    parents = dict(Organisation.objects.values_list("core_id", "parent__core_id"))
    known = set(parents) | set(rows)
    for core_id, (line, values) in rows.items():
        parent = values["parent_core_id"] or None
        parents[core_id] = parent
        if parent is not None and parent not in known:
            report.add_error(line, f"parent_core_id {parent!r} is not known (neither in the file nor imported before)")
    for core_id, (line, _values) in rows.items():
        path, node = [], core_id
        # Up the tree until its top; meeting a node again is a cycle (the tree holds at most thousands).
        while node is not None and node not in path and node in known:
            path.append(node)
            node = parents.get(node)
        if node is None or node not in path:
            continue
        cycle = path[path.index(node) :]
        if core_id in cycle:  # each row of the cycle says so; a row merely below it is not at fault
            shown = " → ".join([*cycle, node])
            report.add_error(line, f"parent_core_id makes a cycle: {shown}")


def _write(rows, report, dry_run):
    stored = {
        row["core_id"]: row
        for row in Organisation.objects.filter(core_id__in=list(rows)).values(
            "pk", "core_id", "name", "name_ar", "is_active", "parent__core_id"
        )
    }
    new = [core_id for core_id in rows if core_id not in stored]
    report.created = len(new)
    changed = [
        core_id
        for core_id, (_line, values) in rows.items()
        if core_id in stored
        and (
            any(stored[core_id][field] != values[column] for column, field in _FIELDS.items())
            or stored[core_id]["parent__core_id"] != (values["parent_core_id"] or None)
        )
    ]
    report.updated = len(changed)
    report.unchanged = len(rows) - len(new) - len(changed)
    if dry_run or not (new or changed):
        return
    with transaction.atomic():
        # New units first, without their parent (it may be new too, later in the file), then every
        # new or changed row's fields and parent in one statement.
        Organisation.objects.bulk_create(
            [Organisation(core_id=core_id, **_fields(rows[core_id][1])) for core_id in new], batch_size=1000
        )
        wanted = new + changed
        parent_ids = {rows[core_id][1]["parent_core_id"] for core_id in wanted} - {""}
        ids = dict(Organisation.objects.filter(core_id__in=[*wanted, *parent_ids]).values_list("core_id", "pk"))
        instances = []
        for core_id in wanted:
            values = rows[core_id][1]
            parent = values["parent_core_id"]
            instances.append(
                Organisation(pk=ids[core_id], parent_id=ids[parent] if parent else None, **_fields(values))
            )
        Organisation.objects.bulk_update(instances, ["name", "name_ar", "is_active", "parent"], batch_size=1000)


def _fields(values):
    return {field: values[column] for column, field in _FIELDS.items()}
