"""A NUL byte in a path is a 404 everywhere (PostgreSQL refuses it in text: never a server error)."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/fr/a%00b/",
        "/api/partners/dossiers/a%00b/",
        "/fr/partners/dossiers/DEM%00/",
        "/fr/portal/procedures/DEM-2026%00/",
        "/api/v2/pages/%00/",
    ],
)
def test_a_nul_byte_in_the_path_is_not_found(client, db, path):
    assert client.get(path).status_code == 404
