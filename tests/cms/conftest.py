"""Small page trees for the editorial tests (the full demo is loaded only where a test needs it)."""

import pytest

from tests import demo_pages

# Re-exported: the cms tests import publish/translate from here.
from tests.cms.builders import Tree, publish, translate  # noqa: F401


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def demo_site(db):
    demo_pages.load()
