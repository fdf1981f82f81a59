"""Reading settings from the environment.

Every setting that differs between a laptop and production comes from an
environment variable. Values are parsed here once, so that settings modules
read as a list of decisions rather than string handling.
"""

import os


class MissingSetting(Exception):
    """A setting that production cannot run without is absent.

    manage.py and the WSGI/ASGI entry points turn this into one line on
    stderr instead of a traceback: an operator needs the variable's name,
    not Django's call stack.
    """


def text(name, default=""):
    return os.environ.get(name, default)


def flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def integer(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def listing(name, default=()):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def required(name, *, unless=False, fallback=""):
    """Return the variable, or stop start-up if it is missing.

    ``unless`` lets development (DEBUG on) fall back to ``fallback``.
    """
    value = os.environ.get(name, "")
    if value:
        return value
    if unless:
        return fallback
    raise MissingSetting(f"{name} is not set: export it (see README, 'Configuration') or set DEBUG=1 for development.")
