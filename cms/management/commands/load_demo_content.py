"""Load the editorial demo content: home pages in French and Arabic, editors' groups and accounts.

Idempotent: running it again updates what exists and creates what is missing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cms import demo


class Command(BaseCommand):
    help = "Load the demo pages (French and Arabic) and the editorial demo accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = demo.load()
        for line in summary:
            self.stdout.write(line)
