"""manage.py load_demo_search: the demo synonym groups (idempotent). Never for production data."""

from django.core.management.base import BaseCommand

from search import demo


class Command(BaseCommand):
    help = "Load the demo synonym groups."

    def handle(self, *args, **options):
        for line in demo.load():
            self.stdout.write(line)
