# The attestation kinds a pensioner can ask for (monthly amount, non-suspension, annual tax,
# payment slip), and the amount and period such an attestation asserts (shown by /verify/).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_security_review"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attestation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("affiliation", "Affiliation attestation"),
                    ("pension", "Pension attestation"),
                    ("pension_amount", "Monthly pension amount attestation"),
                    ("non_suspension", "Attestation of non-suspension of pension"),
                    ("annual_tax", "Annual tax attestation"),
                    ("payment_slip", "Monthly payment slip"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="attestation",
            name="amount",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="amount"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="period_start",
            field=models.DateField(blank=True, null=True, verbose_name="period start"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="period_end",
            field=models.DateField(blank=True, null=True, verbose_name="period end"),
        ),
    ]
