"""Relevance measurement: MRR and success@k of a set of queries with the page each should find.

The set (search/relevance/<language>.json, one file per language) is written for the demo content; each engine is
measured on its own, chosen by name (search.engines), with no fallback between them. The figures are
given per language and per kind of difficulty: a set that is mostly exact titles says little about
the misspelt, everyday and Darija queries people really type.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from search import service
from search.results import DATABASE, ELASTICSEARCH, SearchRequest

SET_DIRECTORY = Path(__file__).resolve().parent / "relevance"
DEPTH = 10
BACKENDS = (ELASTICSEARCH, DATABASE)
# How far a query is from the content's words (the table's rows, in this order).
DIFFICULTIES = ("exact", "typo", "variant", "everyday", "question", "darija-arabic", "darija-latin")


@dataclass
class Case:
    query: str
    language: str
    expected: str  # page slug, or "<faq page slug>#<anchor>" for a FAQ question
    difficulty: str
    note: str = ""

    def __post_init__(self):
        if self.difficulty not in DIFFICULTIES:
            raise ValueError(f"{self.query!r}: unknown difficulty {self.difficulty!r}")


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

    def where(self, **attributes):
        """The scores of the cases whose attributes (language, difficulty) have these values."""
        chosen = [o for o in self.outcomes if all(getattr(o.case, k) == v for k, v in attributes.items())]
        return Scores(self.backend, chosen)


def load_cases(path=SET_DIRECTORY):
    """The cases of one file, or of every language's file in a directory (French first)."""
    path = Path(path)
    files = sorted(path.glob("*.json"), reverse=True) if path.is_dir() else [path]
    cases = []
    for file in files:
        cases += [Case(**item) for item in json.loads(file.read_text(encoding="utf-8"))]
    return cases


def slug_of(url):
    """A page's slug, or "<faq page slug>#<anchor>" for a FAQ question's URL."""
    parts = urlsplit(url)
    slug = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return f"{slug}#{unquote(parts.fragment)}" if parts.fragment else slug


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


def table(scores):
    """The figures of each engine's Scores (same cases), per language and difficulty, as fixed-width text."""
    outcomes = scores[0].outcomes
    rows = []
    for language in dict.fromkeys(o.case.language for o in outcomes):
        present = {o.case.difficulty for o in outcomes if o.case.language == language}
        rows += [(language, d, {"language": language, "difficulty": d}) for d in DIFFICULTIES if d in present]
        rows.append((language, "all", {"language": language}))
    rows.append(("all", "all", {}))
    lines = [
        f"{'':23}" + "".join(f" | {engine.backend:^17}" for engine in scores),
        f"{'lang':4} {'difficulty':13} {'n':>4}" + " |  @1    @3    MRR" * len(scores),
    ]
    for language, difficulty, selection in rows:
        line = f"{language:4} {difficulty:13} {len(scores[0].where(**selection).outcomes):>4}"
        for engine in scores:
            chosen = engine.where(**selection)
            line += f" | {chosen.success_at_1:.2f}  {chosen.success_at_3:.2f}  {chosen.mrr:.2f}"
        lines.append(line)
    return "\n".join(lines)
