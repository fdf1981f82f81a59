"""Relevance measurement: MRR and success@k of a set of queries with the page each should find.

The set (relevance_set.json, beside this module) is written for the demo content; each engine is
measured on its own, chosen by name (search.engines), with no fallback between them.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from search import service
from search.results import DATABASE, ELASTICSEARCH, SearchRequest

DEFAULT_SET = Path(__file__).resolve().parent / "relevance_set.json"
DEPTH = 10


@dataclass
class Case:
    query: str
    language: str
    expected: str  # page slug
    note: str = ""


@dataclass
class Outcome:
    case: Case
    rank: int | None  # 1-based, None when not in the first DEPTH results
    found: list = field(default_factory=list)

    @property
    def reciprocal_rank(self):
        return 1.0 / self.rank if self.rank else 0.0


@dataclass
class Scores:
    backend: str
    outcomes: list

    def _share(self, k):
        return sum(1 for o in self.outcomes if o.rank and o.rank <= k) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mrr(self):
        return sum(o.reciprocal_rank for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def success_at_1(self):
        return self._share(1)

    @property
    def success_at_3(self):
        return self._share(3)

    def misses(self):
        return [o for o in self.outcomes if o.rank != 1]


def load_cases(path=DEFAULT_SET):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Case(**item) for item in data]


def slug_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def evaluate(cases, backend=ELASTICSEARCH):
    """Run every case through the named engine (errors are raised: a measure never silently falls back)."""
    outcomes = []
    for case in cases:
        request = SearchRequest(query=case.query, language=case.language, page_size=DEPTH)
        results = service.run(request, engine=backend)
        slugs = [slug_of(hit.url) for hit in results.hits]
        rank = slugs.index(case.expected) + 1 if case.expected in slugs else None
        outcomes.append(Outcome(case, rank, slugs[:3]))
    return Scores(backend, outcomes)


BACKENDS = (ELASTICSEARCH, DATABASE)
