"""The import engine: validate the whole export, then upsert it batch by batch.

Whatever the database, an import keeps the same promises. Every row is checked (values, references
to members or dossiers, optional references to other imported rows such as a member's employer,
uniqueness) before anything is written: if any row is wrong, the report lists them by line and
nothing is written. The rows are then written in batches, each in its own transaction, so a stopped
or killed import leaves whole batches in and running it again completes it. Only the rows that are
new or differ from what is stored are written: importing the same file twice changes nothing, and
``updated_at`` moves only for members whose data changed. The rows a batch creates may be told to
their members (``Spec.on_created``: a payment made, a dossier step; see ``portal/file_notifications.py``).
Memory stays bounded: the file is streamed, never loaded.

Two paths keep them, chosen by the database: ``copy_path.py`` on PostgreSQL (rows COPYed into a
staging table, checked across rows and upserted in SQL; each row is parsed once, not twice) and
``orm_path.py`` elsewhere (the ORM's bulk upsert, which SQLite supports too). Both take the same specs
and give the same report; the tests run each behaviour on both.
"""

from django.db import connection

from portal.importing import copy_path, orm_path
from portal.importing.readers import detect_format
from portal.importing.report import ImportAborted, Report

__all__ = ["METHODS", "ImportAborted", "Report", "method_for", "run"]

METHODS = {"orm": orm_path, "copy": copy_path}


def method_for(database):
    """The fastest path the database supports: COPY needs PostgreSQL."""
    return "copy" if database.vendor == "postgresql" else "orm"


def run(spec, path, *, fmt=None, batch_size=2000, dry_run=False, progress=None, method=None):
    """Import one export; returns a Report. ``progress(phase, rows_so_far)`` is called as batches go.

    ``method``: "orm" or "copy"; by default the one the database is best served by."""
    method = method or method_for(connection)
    if method == "copy" and connection.vendor != "postgresql":
        raise ImportAborted(f"the copy method needs PostgreSQL, not {connection.vendor}")
    report = Report(dry_run=dry_run)
    path_module = METHODS[method]
    path_module.run(spec, path, detect_format(path, fmt), report, batch_size=batch_size, progress=progress)
    report.sort_errors()
    return report
