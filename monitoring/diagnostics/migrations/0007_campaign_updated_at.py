import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0006_answer_org_question"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="campaign",
            index=models.Index(fields=["updated_at"], name="diag_campaign_updated"),
        ),
    ]
