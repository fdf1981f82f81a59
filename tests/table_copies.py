"""Tables saved and put back with PostgreSQL's COPY, in binary: a few hundred milliseconds where loading the
demo again through Wagtail and the ORM, or Django's serialized rollback (an ORM save per row), takes tens of
seconds. Used by tests/demo_pages.py and the browser journeys' snapshot (tests/e2e/conftest.py)."""

from django.db import connection


def copy_out(cursor, tables):
    """{table: its rows as COPY output}."""
    rows = {}
    for table in tables:
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)") as copy:
            rows[table] = b"".join(bytes(chunk) for chunk in copy)
    return rows


def copy_out_everything(cursor):
    """Every table of the database, as `copy_out` gives them."""
    return copy_out(cursor, connection.introspection.table_names(cursor))


def copy_in(cursor, rows, *, truncate=False):
    """Replace the rows of each table in `rows` with the saved ones. Call it inside a transaction: Django's
    foreign keys are checked at the commit, so the tables can be emptied and refilled in any order.

    truncate=True empties them with one TRUNCATE, much faster than DELETE, but refused unless every table
    that refers to one of them is in `rows` too: for a whole database (`copy_out_everything`), as the browser
    journeys' snapshot is. The demo pages' copy holds only the tables the load changed, hence DELETE."""
    quote = connection.ops.quote_name
    if truncate:
        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in rows)}")
    else:
        for table in rows:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - a name from the database's own catalogue
    for table, data in rows.items():
        if data:
            with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
