"""A folder the parallel workers of one test run share: what one worker makes, the others read.

Some set-ups take a minute (the demo pages, the browser journeys' demo) and give the same rows on every worker,
whose databases are copies of one template (tests/template_database.py). The first worker to need one makes it
while holding a file lock; the others wait on the lock, then read what it kept. It is pytest-xdist's documented
way to do a session's work once: the parent of each worker's temporary folder, and filelock. Without parallel
workers nothing is shared (`use` is never called) and each caller makes its own.
"""

import contextlib
import pickle

from filelock import FileLock

_folder = None


def use(folder):
    global _folder
    _folder = folder


@contextlib.contextmanager
def one_at_a_time(name):
    """Held while a worker reads, or makes and keeps, `name`."""
    with FileLock(_folder / f"{name}.lock") if _folder is not None else contextlib.nullcontext():
        yield


def read(name):
    """What a worker of this run kept under `name`, or None."""
    path = _folder / f"{name}.pickle" if _folder is not None else None
    if path is None or not path.exists():
        return None
    return pickle.loads(path.read_bytes())  # noqa: S301 - written by this run's own workers


def keep(name, value):
    if _folder is not None:
        (_folder / f"{name}.pickle").write_bytes(pickle.dumps(value))
