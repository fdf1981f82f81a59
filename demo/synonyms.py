"""Demo synonym groups (fixtures/search/synonyms.json): editors manage the real ones in the admin."""

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
