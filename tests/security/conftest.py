"""Fixtures shared by the security tests."""

import logging

import pytest


@pytest.fixture
def all_log_records(caplog):
    """Every record at DEBUG and above, including loggers that do not propagate to the root.

    As in production with LOG_LEVEL=DEBUG: the root logger at DEBUG, the levels
    that settings.LOGGING gives named loggers kept.
    """
    caplog.set_level(logging.DEBUG)
    isolated = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in isolated:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in isolated:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def matrix_world(db):
    """The access matrix's world (tests/security/access_matrix.py): the demo's pages and the people."""
    from tests import demo_pages
    from tests.security import world

    demo_pages.load()
    return world.build()
