"""The synonym groups every install starts with: Darija and everyday words -> the words of the pages.

They live in seed.json, read by the data migrations that add them (search/migrations/0004_seed_lexicon.py, and a
new migration calling add_missing() each time groups are added to the file); afterwards they are ordinary
editors' synonyms (search.models.Synonym), changed in the admin.
"""

import json
from pathlib import Path

SEED = Path(__file__).resolve().parent / "seed.json"


def seed_groups():
    """Every seed group as the comma-separated text a Synonym stores, in the file's order."""
    sections = json.loads(SEED.read_text(encoding="utf-8"))
    return [group for name, groups in sections.items() if not name.startswith("_") for group in groups]


def add_missing(synonym_model):
    """Add the seed groups not present (an editor's own groups and changes stay as they are)."""
    present = set(synonym_model.objects.values_list("terms", flat=True))
    synonym_model.objects.bulk_create([synonym_model(terms=terms) for terms in seed_groups() if terms not in present])


def remove_seed(synonym_model):
    """Delete exactly the seed's groups (those an editor has since changed are theirs and stay)."""
    synonym_model.objects.filter(terms__in=seed_groups()).delete()
