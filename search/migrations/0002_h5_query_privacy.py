"""Search report privacy: visitors counted by a keyed hash, and the member-name words stripped from queries."""

from django.db import migrations, models


def fill_person_names(apps, schema_editor):
    """The names of the members already on file (later ones arrive by signal and the nightly refresh)."""
    from search.privacy import BATCH, name_words

    Member = apps.get_model("portal", "Member")
    PersonName = apps.get_model("search", "PersonName")
    words = set()
    fields = ("first_name", "last_name", "first_name_ar", "last_name_ar")
    for values in Member.objects.values_list(*fields).iterator(chunk_size=BATCH):
        for value in values:
            words |= name_words(value or "")
    PersonName.objects.bulk_create([PersonName(word=w) for w in words], batch_size=BATCH, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonName",
            fields=[
                ("word", models.CharField(max_length=100, primary_key=True, serialize=False)),
            ],
        ),
        migrations.AddField(
            model_name="querylog",
            name="visitor",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(fill_person_names, migrations.RunPython.noop),
    ]
