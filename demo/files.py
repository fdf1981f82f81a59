"""Where the demo's member files are (the core system's exports, as JSON lines) and how to read one."""

import json
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "portal"


def rows(name):
    """The rows of ``fixtures/portal/<name>.jsonl``."""
    with (FIXTURES / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
