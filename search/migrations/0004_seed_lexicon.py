"""The seed lexicon (search/lexicon/seed.json): Darija and everyday words, present on every install.

Only the groups missing are added, so running it again or over an editor's own groups changes nothing;
undoing it deletes exactly the seed's groups (those an editor has since changed are theirs and stay).
"""

from django.db import migrations


def add_seed(apps, schema_editor):
    from search import lexicon

    lexicon.add_missing(apps.get_model("search", "Synonym"))


def remove_seed(apps, schema_editor):
    from search import lexicon

    lexicon.remove_seed(apps.get_model("search", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_indexedquestion")]

    operations = [migrations.RunPython(add_seed, remove_seed)]
