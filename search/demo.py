"""Demo synonyms for trying the site (fixtures/search/synonyms.json): editors manage the real ones."""

import json
from pathlib import Path

from django.conf import settings

from search.models import Synonym

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "search" / "synonyms.json"


def load():
    groups = json.loads(FIXTURE.read_text(encoding="utf-8"))
    created = 0
    for terms in groups:
        _, was_created = Synonym.objects.get_or_create(terms=terms)
        created += was_created
    return [f"Synonym groups: {len(groups)} ({created} new)"]
