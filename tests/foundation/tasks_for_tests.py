"""Tasks the queue tests enqueue; they live in an importable module so the worker can run them."""

from django.core.cache import cache
from django_tasks import task


@task()
def add(a, b):
    return a + b


@task()
def remember(key, value):
    cache.set(key, value)
