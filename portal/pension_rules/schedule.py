"""Reading the rules: the value a parameter has on a date.

``Rules`` is plain data (no database), so that the engine and its worked examples run on rows
from anywhere: ``load()`` reads the admin's rows in one query, ``from_fixture()`` the scheme's
published parameters as shipped in ``fixtures/pension_rules/``.
"""

import bisect
import datetime
import json
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from portal.pension_rules.names import Name

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "pension_rules" / "civil_scheme.json"


class MissingRule(LookupError):
    """No row of a parameter applies on a date: the rules in the admin are incomplete."""


class Rules:
    def __init__(self, rows):
        """``rows``: (name, applies_from, value) triples, in any order."""
        schedules = defaultdict(list)
        for name, applies_from, value in rows:
            schedules[str(name)].append((applies_from, Decimal(value)))
        self._dates = {}
        self._values = {}
        for name, entries in schedules.items():
            entries.sort()
            self._dates[name] = [applies_from for applies_from, _value in entries]
            self._values[name] = [value for _applies_from, value in entries]

    def value(self, name, on):
        """The value of ``name`` that applies on ``on`` (the last row from that date or before)."""
        dates = self._dates.get(str(name), [])
        index = bisect.bisect_right(dates, on) - 1
        if index < 0:
            raise MissingRule(f"no {name} applies on {on.isoformat()}")
        return self._values[str(name)][index]

    def whole(self, name, on):
        return int(self.value(name, on))

    def rate(self, name, on):
        """A percentage as a fraction (2.5 -> 0.025)."""
        return self.value(name, on) / 100

    def changes(self, name):
        """[(applies_from, value), ...] of one parameter, oldest first (for the README and the page)."""
        return list(zip(self._dates.get(str(name), []), self._values.get(str(name), []), strict=True))


def fixture_rows(path=FIXTURE):
    """The rows of a fixture file: [{"name", "applies_from", "value", "source"}, ...]."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def from_fixture(path=FIXTURE):
    return Rules(
        (row["name"], datetime.date.fromisoformat(row["applies_from"]), row["value"]) for row in fixture_rows(path)
    )


# The rules change a few times a decade and are read on every simulation and eligibility check:
# each process keeps them for a minute. A change in the admin clears this process's copy at once
# (``forget``, on save and delete) and reaches the other workers within the minute.
CACHE_SECONDS = 60
_cached = {"rules": None, "until": 0.0}


def load():
    """The rules as the fund set them in the admin (one query a minute per process)."""
    from portal.pension_rules.models import Parameter

    now = time.monotonic()
    if _cached["rules"] is None or now >= _cached["until"]:
        _cached["rules"] = Rules(Parameter.objects.values_list("name", "applies_from", "value"))
        _cached["until"] = now + CACHE_SECONDS
    return _cached["rules"]


def forget(**kwargs):
    _cached["rules"] = None


__all__ = ["MissingRule", "Name", "Rules", "forget", "from_fixture", "load"]
