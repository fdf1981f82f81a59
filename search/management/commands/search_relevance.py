"""manage.py search_relevance [--set FILE] [--backend elasticsearch|database] [--verbose]

Prints MRR, success@1 and success@3 of the relevance set (search/relevance_set.json by
default) for the Elasticsearch path and the database path. Run it on the demo content:
`manage.py load_demo pages && manage.py search_index rebuild && manage.py search_relevance`.
"""

from django.core.management.base import BaseCommand, CommandError

from search import relevance
from search.client import OK, state


class Command(BaseCommand):
    help = "Measure search relevance (MRR, success@1, success@3) on the relevance set."

    def add_arguments(self, parser):
        parser.add_argument("--set", dest="path", default=str(relevance.DEFAULT_SET))
        parser.add_argument("--backend", choices=relevance.BACKENDS, action="append")
        parser.add_argument("--verbose", action="store_true", help="List the queries not answered first")

    def handle(self, path, backend=None, verbose=False, **options):
        cases = relevance.load_cases(path)
        backends = backend or list(relevance.BACKENDS)
        if relevance.ELASTICSEARCH in backends and state() != OK:
            if backend:
                raise CommandError("Elasticsearch is not reachable: set ELASTICSEARCH_URL or use --backend database")
            self.stderr.write("Elasticsearch is not reachable: measuring the database path only.")
            backends = [relevance.DATABASE]
        self.stdout.write(f"{len(cases)} queries")
        for name in backends:
            scores = relevance.evaluate(cases, name)
            self.stdout.write(
                f"{name:14} MRR {scores.mrr:.3f}  success@1 {scores.success_at_1:.3f}  "
                f"success@3 {scores.success_at_3:.3f}"
            )
            if verbose:
                for outcome in scores.misses():
                    self.stdout.write(
                        f"    {outcome.case.query!r} ({outcome.case.language}) expected {outcome.case.expected}, "
                        f"rank {outcome.rank or '-'}, got {outcome.found}"
                    )
