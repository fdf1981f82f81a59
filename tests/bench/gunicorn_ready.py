"""gunicorn settings of the benchmarks' servers (tests/bench/run.py, gunicorn_command): each worker says when it
has loaded the application, so that a benchmark starts once every worker serves.

Without it a run began as soon as one worker answered, and its first seconds measured the others still importing
the site (about 5 s each, five of them on two cores), not serving it.
"""

import os
from pathlib import Path


def post_worker_init(worker):
    ready = os.environ.get("BENCH_READY_DIR")
    if ready:
        (Path(ready) / str(worker.pid)).touch()
