"""The synonym groups every install starts with: Darija and everyday words -> the words of the pages.

They live in seed.json, read by the data migration that adds them (search/migrations/0004_seed_lexicon.py);
afterwards they are ordinary editors' synonyms (search.models.Synonym), changed in the admin.
"""

import json
from pathlib import Path

SEED = Path(__file__).resolve().parent / "seed.json"


def seed_groups():
    """Every seed group as the comma-separated text a Synonym stores, in the file's order."""
    sections = json.loads(SEED.read_text(encoding="utf-8"))
    return [group for name, groups in sections.items() if not name.startswith("_") for group in groups]
