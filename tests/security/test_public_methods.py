"""Public read-only pages refuse methods that would suggest they change something."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/fr/verify/", "/ar/verify/", "/fr/transparency/"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_public_read_only_pages_answer_405_to_writes(client, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize("path", ["/fr/verify/", "/fr/transparency/"])
def test_public_read_only_pages_answer_get(client, path):
    assert client.get(path).status_code == 200
