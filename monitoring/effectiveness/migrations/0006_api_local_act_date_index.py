from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("effectiveness", "0005_form_status_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="localact",
            index=models.Index(fields=["municipality", "date"], name="effect_local_act_date"),
        ),
    ]
