"""The access-control matrix (``tests/security/access_matrix.py``) for employers' HR officers."""

import pytest
from django.test import Client

from tests.security import world as world_module
from tests.security.access_matrix import GROUPS, run

pytestmark = [pytest.mark.django_db, pytest.mark.long, pytest.mark.soak]


def test_access_control_matrix_for_partners(matrix_world):
    run(matrix_world, GROUPS["partners"])
    # The aim is true: the officer of A's employer does see her file there, the other one does not.
    member = f"/fr/partners/civil-servants/{matrix_world.member_a.pk}/"
    dossier = f"/fr/partners/dossiers/{matrix_world.a['partner_dossier'].case.reference}/"
    for role, code in (("officer_a", 200), ("officer_other_org", 404)):
        client = Client()
        client.force_login(matrix_world.users[role])
        for url in (member, dossier):
            response = client.get(url)
            assert response.status_code == code, (role, url)
            assert (world_module.A_MARKERS[0].encode() in response.content) == (code == 200), (role, url)
