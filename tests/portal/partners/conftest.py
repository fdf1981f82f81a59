import pytest
from django.utils import translation

from tests.portal.partners import world as world_module


@pytest.fixture(autouse=True)
def _source_language():
    """Unit tests read the source (English) messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    return world_module.build()
