"""manage.py search_index rebuild|update|reconcile|names [--only pages|claims]

rebuild    fill new indices with bulk requests and swap the aliases atomically (prints the time taken)
update     write every document again into the current indices, remove those that should not be there
reconcile  compare index and database by checksum; repair only the differences (run it after an
           outage, or nightly from cron: it also catches edits that no signal reports, such as a
           renamed category)
names      refresh the member-name words stripped from logged queries (search.privacy) from the
           member file: run it nightly, since bulk imports send no signal
"""

from django.core.management.base import BaseCommand, CommandError

from search import privacy, sync
from search.indexes import CLAIMS, PAGES, SearchUnavailable


class Command(BaseCommand):
    help = "Rebuild, update or reconcile the search indices."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "reconcile", "names"])
        parser.add_argument("--only", choices=[PAGES, CLAIMS], help="One index only (default: both)")

    def handle(self, action, only=None, **options):
        if action == "names":
            added, removed = privacy.refresh_names()
            self.stdout.write(f"member names: {added} added, {removed} removed")
            return
        bases = [only] if only else [PAGES, CLAIMS]
        for base in bases:
            try:
                if action == "rebuild":
                    report = sync.rebuild(base)
                else:
                    report = sync.reconcile(base, rewrite_all=action == "update")
            except SearchUnavailable as error:
                raise CommandError(f"Elasticsearch is not available: {error}") from error
            self.stdout.write(str(report))
