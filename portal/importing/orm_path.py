"""The portable path of the import (SQLite, and PostgreSQL when asked): the ORM, batch by batch.

Pass 1 reads the file and checks every row (values, references to members or dossiers, optional
references to other imported rows such as a member's employer, uniqueness) without writing: if any
row is wrong, the report lists them by line and nothing is written. Pass 2 reads the file again and
writes it in batches, each in its own transaction, with one bulk upsert
(``bulk_create(update_conflicts=True)``, which PostgreSQL and SQLite both support) of only the rows
that are new or differ from what is stored. The cross-row checks look within a batch and at the
database; ``copy_path.py`` does the same checks over the whole file in SQL.
"""

from functools import cached_property
from itertools import islice

from django.db import transaction

from portal.importing import report as messages
from portal.importing.debug import forget_queries
from portal.importing.readers import RowError, read_rows
from portal.importing.report import ImportAborted


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _key_of(spec, values):
    parent = spec.parent
    return tuple(values[parent.column] if parent and name == parent.attribute else values[name] for name in spec.key)


class _Batch:
    """One batch of rows, cleaned, with references resolved against the database."""

    def __init__(self, spec, rows):
        self.spec = spec
        self.rows = []  # (line, values)
        self.errors = []  # (line, message)
        for line, row in rows:
            if isinstance(row, RowError):
                self.errors.append((line, str(row)))
                continue
            values, errors = spec.clean(row)
            if errors:
                self.errors.extend((line, message) for message in errors)
            else:
                self.rows.append((line, values))
        self.parents = self._resolve_parents()
        self.references = self._resolve_references()

    def _resolve_parents(self):
        parent = self.spec.parent
        if parent is None:
            return {}
        ids = {values[parent.column] for _line, values in self.rows}
        return dict(parent.model.objects.filter(core_id__in=ids).values_list("core_id", "pk"))

    def _resolve_references(self):
        """{column: {core id: pk}} of the core ids the batch's rows name (empty values name nothing)."""
        found = {}
        for reference in self.spec.references:
            ids = {values[reference.column] for _line, values in self.rows} - {""}
            found[reference.column] = dict(
                reference.model.objects.filter(core_id__in=ids).values_list("core_id", "pk") if ids else ()
            )
        return found

    def unknown_references(self):
        """[(line, message)] for the values that name no stored row."""
        errors = []
        for reference in self.spec.references:
            known = self.references[reference.column]
            for line, values in self.rows:
                value = values[reference.column]
                if value and value not in known:
                    errors.append((line, messages.unknown_reference(reference, value)))
        return errors

    def check(self):
        """Errors that need the whole batch or the database: unknown parents and references, duplicates, taken
        numbers."""
        spec, errors = self.spec, list(self.errors)
        seen = {}
        for line, values in self.rows:
            key = _key_of(spec, values)
            if key in seen:
                errors.append((line, messages.same_key(key, seen[key])))
            seen[key] = line
            if spec.parent and values[spec.parent.column] not in self.parents:
                errors.append((line, messages.unknown_parent(spec.parent.column, values[spec.parent.column])))
        errors.extend(self.unknown_references())
        for column in spec.unique:
            errors.extend(self._unique_errors(column))
        return errors

    def _unique_errors(self, column):
        spec = self.spec
        owners = {}
        errors = []
        for line, values in self.rows:
            value = values[column]
            if not value:
                continue
            if value in owners and owners[value][1] != values["core_id"]:
                errors.append((line, messages.also_on_line(column, value, owners[value][0])))
            owners[value] = (line, values["core_id"])
        stored = spec.model.objects.filter(**{f"{column}__in": list(owners)}).values_list(column, "core_id")
        for value, core_id in stored:
            line, row_core_id = owners[value]
            if core_id != row_core_id:
                errors.append((line, messages.already_taken(column, value, core_id)))
        return errors

    @cached_property
    def instances(self):
        """[(line, model field values)], built once: stored() and _write() both walk them."""
        spec = self.spec
        names = spec.plain_columns()
        built = []
        for line, values in self.rows:
            data = {name: values[name] for name in names}
            if spec.parent:
                data[f"{spec.parent.attribute}_id"] = self.parents[values[spec.parent.column]]
            for reference in spec.references:
                value = values[reference.column]
                data[reference.attname] = self.references[reference.column][value] if value else None
            built.append((line, data))
        return built

    def stored(self):
        """What the database holds for the batch's keys: {key tuple: {field: value}}."""
        spec = self.spec
        compare = self.compared_fields()
        lookup_names = [f"{name}_id" if spec.parent and name == spec.parent.attribute else name for name in spec.key]
        keys = [self.db_key(data) for _line, data in self.instances]
        filters = {f"{name}__in": {key[position] for key in keys} for position, name in enumerate(lookup_names)}
        rows = spec.model.objects.filter(**filters).values(*lookup_names, *compare)
        return {tuple(row[name] for name in lookup_names): row for row in rows}

    def db_key(self, data):
        spec = self.spec
        return tuple(data[f"{n}_id"] if spec.parent and n == spec.parent.attribute else data[n] for n in spec.key)

    def compared_fields(self):
        spec = self.spec
        names = spec.plain_columns()
        if spec.parent:
            names.append(f"{spec.parent.attribute}_id")
        names.extend(reference.attname for reference in spec.references)
        return [name for name in names if name not in spec.key]


def run(spec, path, fmt, report, *, batch_size, progress):
    """Fill ``report`` (see ``engine.run``)."""
    dry_run = report.dry_run
    for rows in _batches(read_rows(path, fmt), batch_size):
        batch = _Batch(spec, rows)
        report.rows += len(rows)
        for line, message in batch.check():
            report.add_error(line, message)
        forget_queries()
        if progress:
            progress("checked", report.rows)
    if report.error_count:
        return

    seen_rows = 0
    for rows in _batches(read_rows(path, fmt), batch_size):
        batch = _Batch(spec, rows)
        # Pass 1 checked references and uniqueness; a row that now fails to parse means the file changed.
        # (A number taken meanwhile by another import is still stopped by the database's unique constraints.)
        if (
            batch.errors
            or any(values[spec.parent.column] not in batch.parents for _l, values in batch.rows if spec.parent)
            or batch.unknown_references()
        ):
            raise ImportAborted(f"the file changed during the import (near line {rows[0][0]})")
        _write(spec, batch, report, dry_run)
        forget_queries()
        seen_rows += len(rows)
        if progress:
            progress("written" if not dry_run else "compared", seen_rows)
    report.written = not dry_run


def _write(spec, batch, report, dry_run):
    stored = batch.stored()
    compare = batch.compared_fields()
    to_save, created = [], []
    for _line, data in batch.instances:
        current = stored.get(batch.db_key(data))
        if current is None:
            report.created += 1
            created.append(data)
        elif any(current[name] != data[name] for name in compare):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        to_save.append(spec.model(**data))
    if dry_run or not to_save:
        return
    # bulk_create names foreign keys by their field (member), not their column (member_id).
    attributes = {reference.attname: reference.attribute for reference in spec.references}
    if spec.parent:
        attributes[f"{spec.parent.attribute}_id"] = spec.parent.attribute
    update_fields = [attributes.get(name, name) for name in compare]
    with transaction.atomic():
        spec.model.objects.bulk_create(
            to_save,
            batch_size=len(to_save),
            update_conflicts=True,
            unique_fields=list(spec.key),
            update_fields=[*update_fields, *spec.touch],
        )
        if spec.on_created and created:
            # In the batch's transaction: what is told was written, and a re-run finds the rows and tells nothing.
            report.told += spec.on_created(created)
