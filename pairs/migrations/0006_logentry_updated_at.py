import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pairs", "0005_api_filter_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="logentry",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="logentry",
            index=models.Index(fields=["organisation", "happened_on"], name="log_org_date"),
        ),
        migrations.AddIndex(
            model_name="logentry",
            index=models.Index(fields=["updated_at"], name="log_updated"),
        ),
    ]
