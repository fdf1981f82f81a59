"""The PostgreSQL path of the import: check each row once in Python, then COPY, check across rows and upsert in SQL.

Each row is read and cleaned once, by the same specs as ``orm_path.py`` (same messages, same line
numbers); the valid ones are COPYed with their line into a temporary staging table, which belongs to
the session and vanishes with it. The checks that need other rows (a key twice in the file, a unique
number on two rows or already someone else's, a parent or a reference not in the database) are
queries over the whole staging table. If any row is wrong, the report lists them and nothing is
written. Otherwise the staging table is written in the ORM path's batches (rows 0 to batch_size - 1,
and so on), each one ``INSERT … SELECT … ON CONFLICT (key) DO UPDATE … WHERE (stored) IS DISTINCT FROM
(new)`` in its own transaction: an unchanged row is not rewritten, a batch commits wholly or not at all,
and a killed import leaves whole batches in and no staging table behind.
"""

import json

from django.db import connection, models, transaction
from django.utils import timezone

from portal.importing import report as messages
from portal.importing.debug import forget_queries
from portal.importing.readers import RowError, read_rows
from portal.importing.report import MAX_ERRORS_KEPT

# Every query here is built from the model's metadata (quoted names) and the spec; values are parameters. Hence
# the "noqa: S608" on them: ruff cannot tell a quoted identifier from a value.
STAGING = "import_staging"


def run(spec, path, fmt, report, *, batch_size, progress):
    """Fill ``report`` (see ``engine.run``)."""
    table = _Table(spec)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({table.staging_definition()})")
        try:
            staged = _stage(cursor, table, read_rows(path, fmt), report, batch_size, progress)
            cursor.execute(f"CREATE INDEX ON {STAGING} (n)")
            # Temporary tables are never analysed by autovacuum: the planner needs the figures for its joins.
            cursor.execute(f"ANALYZE {STAGING}")
            # The checks sort the whole file by key and by each unique column: in memory rather than on disk.
            cursor.execute("SET work_mem = '64MB'")
            for query in table.cross_row_checks():
                _report_errors(cursor, query, report)
            cursor.execute("RESET work_mem")
            if report.error_count:
                return
            if report.dry_run:
                _compare(cursor, table, report)
                if progress:
                    progress("compared", report.rows)
                return
            for start in range(0, staged, batch_size):
                _write(cursor, table, report, start, start + batch_size, staged)
                forget_queries()
                if progress:
                    progress("written", min(start + batch_size, staged))
            report.written = True
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def _stage(cursor, table, rows, report, batch_size, progress):
    """COPY the rows that pass their own checks; report the others by line. Returns how many were COPYed."""
    spec, names = table.spec, table.staged
    json_names = table.json_columns
    n = 0
    with cursor.cursor.copy(f"COPY {STAGING} (n, line, {', '.join(map(_q, names))}) FROM STDIN") as copy:
        for line, row in rows:
            report.rows += 1
            if isinstance(row, RowError):
                report.add_error(line, str(row))
            else:
                values, errors = spec.clean(row)
                if errors:
                    for message in errors:
                        report.add_error(line, message)
                else:
                    copy.write_row(
                        (
                            n,
                            line,
                            *(json.dumps(values[name]) if name in json_names else values[name] for name in names),
                        )
                    )
                    n += 1
            if progress and report.rows % batch_size == 0:
                progress("checked", report.rows)
    if progress and report.rows % batch_size:
        progress("checked", report.rows)
    return n


def _report_errors(cursor, query, report):
    """Count the faults one check finds; fetch the first lines only (a bad file may fault on every row)."""
    sql, params, describe = query
    cursor.execute(f"SELECT count(*) FROM ({sql}) found", params)  # noqa: S608
    count = cursor.fetchone()[0]
    if not count:
        return
    cursor.execute(f"{sql} ORDER BY 1 LIMIT {MAX_ERRORS_KEPT}", params)
    for line, *found in cursor.fetchall():
        report.add_error(line, describe(*found))
    # The ones not fetched are counted; they come after the kept lines, so the report keeps the same first lines.
    report.error_count += count - min(count, MAX_ERRORS_KEPT)


def _compare(cursor, table, report):
    """A dry run's figures: what a write would create, update and leave alone."""
    cursor.execute(
        f"SELECT count(*) FILTER (WHERE t.{_q(table.pk)} IS NULL),"  # noqa: S608
        f" count(*) FILTER (WHERE t.{_q(table.pk)} IS NOT NULL AND {table.differs('t', 'source')}),"
        f" count(*) FROM ({table.source()}) source"
        f" LEFT JOIN {_q(table.db_table)} t ON {table.same_key('t', 'source')}"
    )
    report.created, report.updated, total = cursor.fetchone()
    report.unchanged = total - report.created - report.updated


def _write(cursor, table, report, start, stop, staged):
    spec = table.spec
    returned = "".join(f", {_q(column)}" for column in table.values) if spec.on_created else ""
    with transaction.atomic():
        # The commit does not wait for its WAL to reach the disk: a crash of the server itself may lose the last
        # batches it reported committed (never part of one), and running the import again writes them. An import
        # of 1.6 million members commits 800 times.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            f"WITH written AS ({table.upsert()} RETURNING (xmax = 0) AS created{returned})"  # noqa: S608
            f" SELECT created{returned} FROM written",
            [*table.defaults(timezone.now()), start, stop],
        )
        written = cursor.fetchall()
        # xmax is 0 on a row this statement inserted, the updating transaction's id on one it updated.
        created = [values for was_created, *values in written if was_created]
        report.created += len(created)
        report.updated += len(written) - len(created)
        report.unchanged += min(stop, staged) - start - len(written)
        if spec.on_created and created:
            created = [table.from_db(values) for values in created]
            # In the batch's transaction: what is told was written, and a re-run finds the rows and tells nothing.
            report.told += spec.on_created(created)


def _q(name):
    return connection.ops.quote_name(name)


class _Table:
    """The SQL of one spec: its staging table, its checks, and the upsert of its model's table."""

    def __init__(self, spec):
        self.spec = spec
        meta = spec.model._meta
        self.db_table = meta.db_table
        self.pk = meta.pk.column
        self.staged = list(spec.columns)  # the staging columns: every export column, cleaned
        plain = spec.plain_columns()
        self.json_columns = {name for name in plain if isinstance(meta.get_field(name), models.JSONField)}
        self.types = {
            name: meta.get_field(name).db_type(connection) if name in plain else "text" for name in spec.columns
        }
        parent = spec.parent
        # Model column -> the expression giving its value from a staging row ``s`` and its joins.
        self.values = {meta.get_field(name).column: f"s.{_q(name)}" for name in plain}
        self.joins = []
        if parent:
            # A parent deleted since the checks leaves NULL, which its NOT NULL column refuses: the batch stops.
            self.values[f"{parent.attribute}_id"] = "parent.id"
            self.joins.append(
                f"LEFT JOIN {_q(parent.model._meta.db_table)} parent ON parent.core_id = s.{_q(parent.column)}"
            )
        for position, reference in enumerate(spec.references):
            alias = f"ref{position}"
            self.values[reference.attname] = f"{alias}.id"
            # An empty value names nothing, and joins nothing. (A row deleted since the checks gives NULL,
            # as its deletion would have done a moment later: the foreign keys are SET_NULL.)
            self.joins.append(
                f"LEFT JOIN {_q(reference.model._meta.db_table)} {alias} ON {alias}.core_id = s.{_q(reference.column)}"
            )
        self.key = [
            f"{name}_id" if parent and name == parent.attribute else meta.get_field(name).column for name in spec.key
        ]
        self.compared = [column for column in self.values if column not in self.key]
        self.touch = [meta.get_field(name).column for name in spec.touch]
        # The model's other columns, on a created row: their defaults, as the ORM would set them.
        self.other_fields = [
            field for field in meta.concrete_fields if field.column not in self.values and not field.primary_key
        ]

    def from_db(self, values):
        """A returned row as the ORM path's field values (Django reads jsonb as text, and parses it itself)."""
        row = dict(zip(self.values, values, strict=True))
        for name in self.json_columns:
            row[name] = json.loads(row[name])
        return row

    def staging_definition(self):
        columns = ", ".join(f"{_q(name)} {self.types[name]}" for name in self.staged)
        return f"n bigint NOT NULL, line bigint NOT NULL, {columns}"

    def source(self):
        """The staged rows as model columns (parents and references resolved to their ids)."""
        columns = ", ".join(f"{expression} AS {_q(column)}" for column, expression in self.values.items())
        return f"SELECT s.n, {columns} FROM {STAGING} s {' '.join(self.joins)}"  # noqa: S608

    def same_key(self, stored, new):
        return " AND ".join(f"{stored}.{_q(column)} = {new}.{_q(column)}" for column in self.key)

    def differs(self, stored, new):
        def row(alias):
            return f"ROW({', '.join(f'{alias}.{_q(column)}' for column in self.compared)})"

        return f"{row(stored)} IS DISTINCT FROM {row(new)}"

    def defaults(self, now):
        """The parameters of upsert(): the other columns' values on a created row."""
        values = []
        for field in self.other_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                values.append(now)
            else:
                values.append(field.get_db_prep_save(field.get_default(), connection))
        return values

    def upsert(self):
        """INSERT the staged rows n in [start, stop) (the last two parameters); update only the ones that differ."""
        table = _q(self.db_table)
        columns = [*self.values, *(field.column for field in self.other_fields)]
        selected = [*self.values.values(), *("%s" for _field in self.other_fields)]
        updated = [*self.compared, *self.touch]
        return (
            f"INSERT INTO {table} AS stored ({', '.join(map(_q, columns))})"  # noqa: S608
            f" SELECT {', '.join(selected)} FROM {STAGING} s {' '.join(self.joins)}"
            f" WHERE s.n >= %s AND s.n < %s ORDER BY s.n"
            f" ON CONFLICT ({', '.join(map(_q, self.key))}) DO UPDATE SET"
            f" {', '.join(f'{_q(column)} = EXCLUDED.{_q(column)}' for column in updated)}"
            f" WHERE {self.differs('stored', 'EXCLUDED')}"
        )

    def cross_row_checks(self):
        """[(sql, params, describe)]: each sql selects (line, *found) per fault; describe(*found) words it."""
        spec, checks = self.spec, []
        parent = spec.parent
        key = [_q(parent.column if parent and name == parent.attribute else name) for name in spec.key]
        checks.append(
            (
                f"SELECT line, {', '.join(key)}, previous FROM (SELECT line, {', '.join(key)},"  # noqa: S608
                f" lag(line) OVER (PARTITION BY {', '.join(key)} ORDER BY n) AS previous FROM {STAGING}) twice"
                " WHERE previous IS NOT NULL",
                [],
                lambda *found: messages.same_key(tuple(found[:-1]), found[-1]),
            )
        )
        if parent:
            checks.append(
                (
                    f"SELECT s.line, s.{_q(parent.column)} FROM {STAGING} s WHERE NOT EXISTS"  # noqa: S608
                    f" (SELECT FROM {_q(parent.model._meta.db_table)} p WHERE p.core_id = s.{_q(parent.column)})",
                    [],
                    lambda value: messages.unknown_parent(parent.column, value),
                )
            )
        for reference in spec.references:
            checks.append(
                (
                    f"SELECT s.line, s.{_q(reference.column)} FROM {STAGING} s WHERE s.{_q(reference.column)} <> ''"  # noqa: S608
                    f" AND NOT EXISTS (SELECT FROM {_q(reference.model._meta.db_table)} r"
                    f" WHERE r.core_id = s.{_q(reference.column)})",
                    [],
                    lambda value, reference=reference: messages.unknown_reference(reference, value),
                )
            )
        for column in spec.unique:
            q = _q(column)
            # As the ORM path reads it: a value's owner is the last row before that has it.
            checks.append(
                (
                    f"SELECT line, value, previous FROM (SELECT line, {q} AS value, core_id,"  # noqa: S608
                    f" lag(line) OVER same AS previous, lag(core_id) OVER same AS previous_core FROM {STAGING}"
                    f" WHERE {q} <> '' WINDOW same AS (PARTITION BY {q} ORDER BY n)) shared"
                    " WHERE previous_core <> core_id",
                    [],
                    lambda value, line, column=column: messages.also_on_line(column, value, line),
                )
            )
            checks.append(
                (
                    f"SELECT last.line, last.value, t.core_id FROM (SELECT DISTINCT ON ({q}) line, {q} AS value,"  # noqa: S608
                    f" core_id FROM {STAGING} WHERE {q} <> '' ORDER BY {q}, n DESC) last"
                    f" JOIN {_q(self.db_table)} t ON t.{q} = last.value WHERE t.core_id IS DISTINCT FROM last.core_id",
                    [],
                    lambda value, core_id, column=column: messages.already_taken(column, value, core_id),
                )
            )
        return checks
