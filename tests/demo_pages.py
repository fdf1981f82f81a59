"""The demo pages (`load_demo pages`) built once per test process, then copied in wherever a test needs them.

Loading them goes through Wagtail's whole page machinery (some 14,000 queries) and takes most of a minute
on CI's machine; the access matrix's four files, the relevance set, the forms library and the demo's own
tests would each pay it. On PostgreSQL the first load in a process is a real one, and the rows it changed
are kept as COPY output, with the files it wrote (the news illustrations, the forms' PDFs); every later load
copies those rows back, and the files into the media folders of the moment, in well under a second.

A copy is only used when the database is exactly as it was before the first load (a checksum of every
table): what `load_demo` would do from there is then what it did the first time. From any other state, and
on SQLite, the load is a real one. Either way the rows are written inside the caller's transaction, whose
rollback removes them.

The parallel workers share the copy (tests/run_folder.py): their test databases are copies of one template,
so the first worker to need the pages loads them and the others wait for its copy instead of loading them again.
"""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests import run_folder, table_copies

# The folders a load writes files to (tests/conftest.py gives each test its own).
MEDIA = ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")
# After the first load in this process: the checksum before it, {table: COPY rows}, {sequence: last value},
# {(setting, relative path): bytes}.
_copy = None
SHARED = "demo-pages"


def load():
    """Put the demo pages in the database, inside the caller's transaction."""
    global _copy
    if connection.vendor != "postgresql":
        _real_load()
        return
    with connection.cursor() as cursor, run_folder.one_at_a_time(SHARED):
        tables = connection.introspection.table_names(cursor)
        before = _checksums(cursor, tables)
        if _copy is None:
            _copy = run_folder.read(SHARED)
        if _copy is not None and _copy[0] == before:
            _restore(cursor, *_copy[1:3])
            _write_files(_copy[3])
            _forget_caches()
            return
        files_before = _files()
        _real_load()
        if _copy is None:
            after = _checksums(cursor, tables)
            changed = [table for table in tables if after[table] != before[table]]
            files = {
                key: path.read_bytes()
                for key, (path, stamp) in _files().items()
                if files_before.get(key, (0, 0))[1] != stamp
            }
            _copy = (before, table_copies.copy_out(cursor, changed), _sequences(cursor), files)
            run_folder.keep(SHARED, _copy)


def _real_load():
    call_command("load_demo", "pages", stdout=io.StringIO())


def _checksums(cursor, tables):
    """{table: md5 of its rows in a stable order}, in one query."""
    quote = connection.ops.quote_name
    columns = ", ".join(
        # Table names from the database's own catalogue, quoted.
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(table)} t)"  # noqa: S608
        for table in tables
    )
    cursor.execute(f"SELECT {columns}")
    return dict(zip(tables, cursor.fetchone(), strict=True))


def _sequences(cursor):
    cursor.execute("SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences")
    return {name: value for name, value in cursor.fetchall() if value is not None}


def _restore(cursor, rows, sequences):
    table_copies.copy_in(cursor, rows)
    # Sequences are not rolled back, so they are normally past these values already; never move one back.
    for name, value in sequences.items():
        cursor.execute(
            "SELECT setval(%s, %s) FROM pg_sequences"
            " WHERE format('%%I.%%I', schemaname, sequencename) = %s AND coalesce(last_value, 0) < %s",
            [name, value, name, value],
        )


def _files():
    """{(setting, path relative to its folder): (path, (size, modification time))} in the media folders."""
    found = {}
    for name in MEDIA:
        root = Path(getattr(settings, name))
        for path in root.rglob("*") if root.is_dir() else ():
            if path.is_file():
                status = path.stat()
                found[name, str(path.relative_to(root))] = (path, (status.st_size, status.st_mtime_ns))
    return found


def _write_files(files):
    for (name, relative), content in files.items():
        path = Path(getattr(settings, name)) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _forget_caches():
    """What the signals of a real load would have emptied (synonyms, promotions, fragments, pages): everything."""
    from django.core.cache import caches

    from search import shared_tables

    for alias in settings.CACHES:
        caches[alias].clear()
    shared_tables.forget_in_this_process()
