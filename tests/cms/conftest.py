"""Small page trees for the editorial tests (the full demo is loaded only where a test needs it)."""

import io

import pytest
from django.core.management import call_command

# Re-exported: the cms tests import publish/translate from here.
from tests.cms.builders import Tree, publish, translate  # noqa: F401


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def demo_site(db):
    call_command("load_demo", "pages", stdout=io.StringIO())
