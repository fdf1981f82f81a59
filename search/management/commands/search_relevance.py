"""manage.py search_relevance [--set FILE_OR_DIRECTORY] [--backend elasticsearch|database] [--verbose]

Prints success@1, success@3 and MRR of the relevance set (search/relevance/*.json by default),
per language and kind of difficulty, for the Elasticsearch path and the database path. Run it on
the demo content: `manage.py load_demo pages && manage.py search_index rebuild && manage.py search_relevance`.
"""

from django.core.management.base import BaseCommand, CommandError

from search import relevance
from search.client import OK, state


class Command(BaseCommand):
    help = "Measure search relevance (success@1, success@3, MRR) on the relevance set."

    def add_arguments(self, parser):
        parser.add_argument(
            "--set", dest="path", default=str(relevance.SET_DIRECTORY), help="A set's file, or a directory of them"
        )
        parser.add_argument("--backend", choices=relevance.BACKENDS, action="append")
        parser.add_argument("--verbose", action="store_true", help="List the queries not answered first")

    def handle(self, path, backend=None, verbose=False, **options):
        try:
            cases = relevance.load_cases(path)
        except (OSError, ValueError, TypeError) as error:
            raise CommandError(f"cannot read the set {path}: {error}") from error
        backends = backend or list(relevance.BACKENDS)
        if relevance.ELASTICSEARCH in backends and state() != OK:
            if backend:
                raise CommandError("Elasticsearch is not reachable: set ELASTICSEARCH_URL or use --backend database")
            self.stderr.write("Elasticsearch is not reachable: measuring the database path only.")
            backends = [relevance.DATABASE]
        scores = [relevance.evaluate(cases, name) for name in backends]
        self.stdout.write(f"{len(cases)} queries")
        self.stdout.write(relevance.table(scores))
        if verbose:
            for engine in scores:
                self.stdout.write(f"{engine.backend}: not first")
                for outcome in engine.misses():
                    case = outcome.case
                    self.stdout.write(
                        f"    {case.query!r} ({case.language}, {case.difficulty}) expected {case.expected}, "
                        f"rank {outcome.rank or '-'}, got {outcome.found}"
                    )
