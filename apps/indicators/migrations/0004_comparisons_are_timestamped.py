import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Comparisons are dated like every other record: a detail's ETag and an editor's form
    compare when they were last saved. Existing rows are dated now."""

    dependencies = [
        ("indicators", "0003_generated_value_normalized_and_period_span"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorcomparison",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created at"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="indicatorcomparison",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                db_index=True,
                default=django.utils.timezone.now,
                verbose_name="updated at",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalindicatorcomparison",
            name="created_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="created at",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalindicatorcomparison",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="updated at",
            ),
            preserve_default=False,
        ),
    ]
