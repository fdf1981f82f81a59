"""The access-control matrix (``tests/security/access_matrix.py``) for the fund's staff."""

import pytest

from tests.security.access_matrix import GROUPS, run

pytestmark = [pytest.mark.django_db, pytest.mark.long, pytest.mark.soak]


def test_access_control_matrix_for_staff(matrix_world):
    run(matrix_world, GROUPS["staff"])
