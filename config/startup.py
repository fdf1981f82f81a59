"""What the entry points do before they serve: a missing production setting is one clear line, not a traceback
(`run_guarded`), and a web process does its slow first-request work before it accepts a connection
(`ready_to_serve`)."""

import gc
import sys


def run_guarded(function, *args):
    from config.env import MissingSetting

    try:
        return function(*args)
    except MissingSetting as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        raise SystemExit(2) from None


def ready_to_serve(make_application):
    """The application, with what its first requests would otherwise pay for already done.

    - The URL configuration, and through it every view module, is imported. Django does it on the first
      request: in a gunicorn worker, its first visitor waited 1 to 2 s (PDF, API and admin modules), again each
      time `--max-requests` replaced a worker.
    - The objects made so far (some 280,000: modules, classes, settings) are moved out of the garbage collector's
      reach with `gc.freeze()`. They live as long as the process; without it, each full collection walked them
      all and held the request it fell on for about 0.3 s.
    """
    application = make_application()
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (reading the property imports the URL configuration: the point)
    gc.collect()
    gc.freeze()
    return application
