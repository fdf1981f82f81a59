"""Small-cell suppression (``portal.steering.suppression``): no published cell counts fewer than the
minimum, and with the row's total published no hidden cell can be worked out by subtraction."""

from hypothesis import given
from hypothesis import strategies as st

from portal.steering import suppression
from portal.steering.suppression import Hidden

MINIMUM = 10


def test_small_counts_are_hidden_zero_and_large_ones_are_not():
    assert suppression.cells([0, 1, 9, 10, 250], minimum=MINIMUM, total_published=False) == [
        0,
        Hidden(MINIMUM),
        Hidden(MINIMUM),
        10,
        250,
    ]


def test_one_small_cell_beside_a_published_total_hides_the_next_smallest():
    # 3 + 12 + 45 = 60 is published: without a second hidden cell, 60 - 12 - 45 would give the 3 back.
    assert suppression.cells([45, 3, 12, 0], minimum=MINIMUM) == [45, Hidden(MINIMUM), Hidden(None), 0]


def test_without_a_published_total_one_hidden_cell_is_enough():
    assert suppression.cells([45, 3, 12], minimum=MINIMUM, total_published=False) == [45, Hidden(MINIMUM), 12]


def test_two_small_cells_protect_each_other():
    assert suppression.cells([45, 3, 4], minimum=MINIMUM) == [45, Hidden(MINIMUM), Hidden(MINIMUM)]


def test_the_markers_of_the_csv():
    assert str(Hidden(MINIMUM)) == "<10" and str(Hidden(None)) == "x"


def test_totals_and_derived_figures():
    assert suppression.total(7, minimum=MINIMUM) == Hidden(MINIMUM)
    assert suppression.total(0, minimum=MINIMUM) == 0
    assert suppression.derived(4.5, 9, minimum=MINIMUM) is None
    assert suppression.derived(4.5, 10, minimum=MINIMUM) == 4.5


@given(
    counts=st.lists(st.one_of(st.integers(0, 15), st.integers(0, 10_000)), min_size=1, max_size=8),
    minimum=st.integers(2, 20),
)
def test_no_published_cell_is_small_and_no_hidden_cell_can_be_worked_out(counts, minimum):
    total = sum(counts)
    total_published = not isinstance(suppression.total(total, minimum=minimum), Hidden)
    out = suppression.cells(counts, minimum=minimum, total_published=total_published)

    assert len(out) == len(counts)
    for count, cell in zip(counts, out, strict=True):
        if isinstance(cell, Hidden):
            # A zero describes nobody and is never hidden.
            assert count > 0
        else:
            assert cell == count and (cell == 0 or cell >= minimum)
    hidden = [cell for cell in out if isinstance(cell, Hidden)]
    if total_published:
        # One hidden cell beside a published total is the total minus the published cells.
        assert len(hidden) != 1
