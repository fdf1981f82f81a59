"""The small tables every search reads (synonym groups, promoted results, facet labels, the Arabizi vocabulary):
computed from the database once, kept in the shared cache, and in each process for a few seconds.

Read from Redis on every search, they cost more than a millisecond together (a round trip each, the key's
checks, unpickling a few hundred phrases): a tenth of the site's own time per search. An editor's change
empties the shared copy and this process's at once (`forget`); the site's other processes see it within
LOCAL_SECONDS. Which pages a visitor may see is not kept here: cms.visibility reads it from the shared
cache on every search, so that a page taken offline leaves the results at once.
"""

import time

from django.core.cache import cache

LOCAL_SECONDS = 10

_local = {}  # key -> (monotonic deadline, value); one dict per process, shared by its threads


def read(key, compute, seconds):
    """The table under key: this process's copy, else the shared cache's, else compute()'s (then kept in both).

    seconds: how long the shared cache keeps it (None: until forgotten).
    """
    now = time.monotonic()
    kept = _local.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    _local[key] = (now + LOCAL_SECONDS, value)
    return value


def forget(*keys):
    cache.delete_many(keys)
    for key in keys:
        _local.pop(key, None)


def forget_in_this_process():
    """Drop every copy this process keeps (the tests' caches are emptied between tests)."""
    _local.clear()
