"""Long imports with DEBUG on must not keep the text of every query they ran."""

from django.conf import settings
from django.db import connection, reset_queries


def forget_queries():
    # With DEBUG on, Django keeps the text of the last 9,000 queries; a bulk upsert of a batch is
    # hundreds of kilobytes of SQL, so a developer's import of millions of rows would grow to
    # gigabytes. Measured: 26 MB more per 120,000 payments before this, flat after. A caller that
    # captures queries on purpose (force_debug_cursor, as CaptureQueriesContext does) keeps them.
    if settings.DEBUG and not connection.force_debug_cursor:
        reset_queries()
