"""The registry of steering series: each feature registers what it counts, the refresh computes them.

A series is a function that, for a unit (week, month, or the day of a snapshot) and the first period
to recompute, returns ``Row``s; the refresh stores them as ``Figure``s. Apps register their series
from their ``AppConfig.ready()`` (the life control its campaign's progress, the partners' area the
employers' on-time share), as they register audit actions, and panels (``portal.steering.panels``)
show them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from portal.steering.choices import Unit


class Row(NamedTuple):
    period: object  # date: the period's first day
    key: str
    count: int
    part: int | None = None
    median_days: float | None = None
    p90_days: float | None = None


@dataclass(frozen=True)
class Series:
    name: str
    # compute(unit=, since=, today=) -> iterable of Row. ``since`` is the first period to recompute
    # (for a snapshot, today); rows of earlier periods are ignored.
    compute: Callable
    units: tuple = field(default=(Unit.MONTH,))

    @property
    def is_snapshot(self):
        return self.units == (Unit.DAY,)


_series = {}


def register(series):
    """Add ``series``; a second registration under the same name must be the same series."""
    existing = _series.get(series.name)
    if existing is not None and existing != series:
        raise ValueError(f"steering series {series.name!r} is already registered")
    _series[series.name] = series
    return series


def series(name, *, units=(Unit.MONTH,)):
    """Decorator: ``@series("channels.claims")`` registers the function below as a series."""

    def decorate(compute):
        register(Series(name=name, compute=compute, units=tuple(units)))
        return compute

    return decorate


def registered():
    return list(_series.values())


def get(name):
    return _series[name]
