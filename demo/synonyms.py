"""Demo-only synonym groups (fixtures/search/synonyms.json): editors manage the real ones in the admin.

The groups every install starts with (Darija, everyday words) are not here: a data migration adds them
(search/lexicon/seed.json, search/migrations/0004_seed_lexicon.py).
"""

import json
from pathlib import Path

from django.conf import settings

from search.models import Synonym

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "search" / "synonyms.json"


def load():
    groups = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for terms in groups:
        Synonym.objects.get_or_create(terms=terms)
    return len(groups)
