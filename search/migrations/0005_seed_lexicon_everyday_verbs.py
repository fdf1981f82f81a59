"""Seed groups added to search/lexicon/seed.json since 0004: the everyday verbs for receiving a pension."""

from django.db import migrations


def add_seed(apps, schema_editor):
    from search import lexicon

    lexicon.add_missing(apps.get_model("search", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0004_seed_lexicon")]

    # Undone by 0004's reversal, which deletes every seed group the file holds.
    operations = [migrations.RunPython(add_seed, migrations.RunPython.noop)]
