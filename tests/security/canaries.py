"""Canary values: personal data that must never reach a log line or the search index."""

import logging

CIN = "ZZ999999"
RIB = "181810211199999999999967"  # 24 digits with a valid key, as a Moroccan RIB
PASSWORD = "Canary-Pa55word-Zx7!"
ALL = (CIN, RIB, PASSWORD)


_FORMATTER = logging.Formatter("%(name)s %(levelname)s %(message)s")


def _formatted(record, formatter=_FORMATTER):
    # Everything a handler could write: message with its arguments, exception and stack text.
    text = formatter.format(record)
    return " ".join([text, repr(record.args), str(getattr(record, "request", "") or "")])


def leaks(records):
    """The log lines that contain a canary, with the canary found."""
    found = []
    for record in records:
        line = _formatted(record)
        found += [(canary, line[:300]) for canary in ALL if canary in line]
    return found
