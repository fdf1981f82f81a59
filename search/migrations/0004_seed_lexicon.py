"""The seed lexicon (search/lexicon/seed.json): Darija and everyday words, present on every install.

Only the groups missing are added, so running it again or over an editor's own groups changes nothing;
undoing it deletes exactly the seed's groups (those an editor has since changed are theirs and stay).
"""

from django.db import migrations


def add_seed(apps, schema_editor):
    from search.lexicon import seed_groups

    Synonym = apps.get_model("search", "Synonym")
    present = set(Synonym.objects.values_list("terms", flat=True))
    Synonym.objects.bulk_create([Synonym(terms=terms) for terms in seed_groups() if terms not in present])


def remove_seed(apps, schema_editor):
    from search.lexicon import seed_groups

    apps.get_model("search", "Synonym").objects.filter(terms__in=seed_groups()).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_indexedquestion")]

    operations = [migrations.RunPython(add_seed, remove_seed)]
