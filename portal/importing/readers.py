"""Stream rows from a CSV or JSON-lines export, one at a time, with their line numbers."""

import csv
import json
from pathlib import Path


class RowError(Exception):
    """A row that cannot even be read (bad JSON)."""


def detect_format(path, explicit=None):
    if explicit:
        return explicit
    suffix = Path(path).suffix.lower()
    return "jsonl" if suffix in (".jsonl", ".ndjson", ".json") else "csv"


def read_rows(path, fmt):
    """Yield (line_number, dict or RowError). The file is never held in memory."""
    if fmt == "jsonl":
        yield from _jsonl(path)
    else:
        yield from _csv(path)


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            # A short row has None for missing columns; an over-long one puts extras under None.
            if None in row:
                yield reader.line_num, RowError("more values than columns")
                continue
            yield reader.line_num, {key: ("" if value is None else value) for key, value in row.items()}


def _jsonl(path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, RowError(f"not valid JSON ({error.msg})")
                continue
            if not isinstance(value, dict):
                yield number, RowError("a line must be a JSON object")
                continue
            yield number, value
