"""What an import run tells its caller, whichever path wrote the rows, and the messages of its cross-row checks.

The messages live here, once, because both paths (``orm_path.py`` and ``copy_path.py``) find the same
faults and must word them the same way.
"""

from dataclasses import dataclass, field

MAX_ERRORS_KEPT = 1000


class ImportAborted(Exception):
    pass


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    told: int = 0  # notifications the new rows produced (spec.on_created)
    error_count: int = 0
    errors: list = field(default_factory=list)  # (line, message), the MAX_ERRORS_KEPT first by line
    dry_run: bool = False
    written: bool = False

    def add_error(self, line, message):
        self.error_count += 1
        self.errors.append((line, message))
        # The first lines, whatever order the checks found them in: both paths then report the same
        # errors, and memory stays bounded however bad the file is.
        if len(self.errors) > 2 * MAX_ERRORS_KEPT:
            self.sort_errors()

    def sort_errors(self):
        self.errors.sort()
        del self.errors[MAX_ERRORS_KEPT:]


def same_key(key, line):
    return f"same key {key} as line {line}"


def unknown_parent(column, value):
    return f"{column} {value!r} is not known (import it first)"


def unknown_reference(reference, value):
    return f"{reference.column} {value!r} is not a known {reference.label} (import it first)"


def also_on_line(column, value, line):
    return f"{column} {value!r} is also on line {line}"


def already_taken(column, value, core_id):
    return f"{column} {value!r} already belongs to {core_id}"
