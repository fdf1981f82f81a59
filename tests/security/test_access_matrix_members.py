"""The access-control matrix (``tests/security/access_matrix.py``) for visitors and members."""

import pytest

from tests.security.access_matrix import GROUPS, run

pytestmark = [pytest.mark.django_db, pytest.mark.long, pytest.mark.soak]


def test_access_control_matrix_for_members(matrix_world):
    run(matrix_world, GROUPS["members"])
