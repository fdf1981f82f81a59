"""Entry-point guard: a missing production setting is one clear line, not a traceback."""

import sys


def run_guarded(function, *args):
    from config.env import MissingSetting

    try:
        return function(*args)
    except MissingSetting as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        raise SystemExit(2) from None
