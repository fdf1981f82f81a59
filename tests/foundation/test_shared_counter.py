"""config.throttle.count, the counter behind every limit: on Redis in one round trip, elsewhere with add + incr."""

import time

from django.core.cache import caches
from django.test import override_settings

from config import throttle
from tests.conftest import require_service

# Any other store (`make run` uses the database's): what it offers is add() and incr().
OTHER_STORE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counter-test"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counter-test-pages"},
}


def _redis():
    from django.conf import settings

    if not settings.REDIS_URL:
        require_service("the shared counter's Redis path needs REDIS_URL")
    return caches["default"]


def test_on_redis_the_counter_counts_in_one_round_trip_and_is_a_plain_integer():
    cache = _redis()
    client = cache._cache.get_client(write=True)
    commands = []
    original = client.execute_command
    client.execute_command = lambda *args, **kwargs: commands.append(args[0]) or original(*args, **kwargs)
    try:
        assert [throttle.count("counter:a", window=60) for _ in range(3)] == [1, 2, 3]
    finally:
        del client.execute_command
    # A pipeline is sent as one transaction: no single GET, SET or INCR went on its own.
    assert commands == []
    assert cache.get("counter:a") == 3  # what cache.incr() would have left
    assert 0 < client.ttl(cache.make_and_validate_key("counter:a")) <= 60


def test_on_redis_the_window_is_fixed_by_the_first_count():
    cache = _redis()
    assert throttle.count("counter:b", window=1) == 1
    time.sleep(0.6)
    assert throttle.count("counter:b", window=1) == 2  # not a sliding window: the count does not extend it
    time.sleep(0.6)
    assert throttle.count("counter:b", window=1) == 1
    assert cache.get("counter:b") == 1


def test_on_redis_one_client_serves_every_command_of_a_pool():
    cache = _redis()._cache
    assert cache.get_client("a") is cache.get_client("b")
    assert cache.get_client("a", write=True) is cache.get_client("b", write=True)


@override_settings(CACHES=OTHER_STORE)
def test_without_redis_the_counter_counts_as_before():
    assert [throttle.count("counter:c", window=60) for _ in range(3)] == [1, 2, 3]
    assert caches["default"].get("counter:c") == 3
