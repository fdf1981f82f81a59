"""Small-cell suppression for the public figures: no published number describes fewer than
``STEERING_MIN_CELL`` people.

Primary suppression hides every count from 1 to the minimum minus one (zero describes nobody and is
shown). Secondary suppression: when a row's total is published and only one of its cells is hidden,
that cell could be worked out by subtraction, so the next smallest non-zero cell is hidden too.
Figures derived from people (a median delay, a share) are hidden when they describe too few.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Hidden:
    """A suppressed cell: shown as "fewer than N" (or "hidden" when it was hidden only to protect another)."""

    below: int | None

    def __str__(self):
        return f"<{self.below}" if self.below else "x"


def is_small(count, minimum):
    return 0 < count < minimum


def cells(counts, *, minimum, total_published=True):
    """``counts`` (ints, one row) -> the same list with small cells replaced by ``Hidden``."""
    out = [Hidden(minimum) if is_small(count, minimum) else count for count in counts]
    hidden = [index for index, cell in enumerate(out) if isinstance(cell, Hidden)]
    if total_published and len(hidden) == 1:
        others = [(count, index) for index, count in enumerate(counts) if count > 0 and index not in hidden]
        if others:
            _count, index = min(others)
            out[index] = Hidden(None)
    return out


def total(count, *, minimum):
    return Hidden(minimum) if is_small(count, minimum) else count


def derived(value, count, *, minimum):
    """A figure computed over ``count`` people (a median, a share): None when they are too few."""
    return None if count < minimum else value
