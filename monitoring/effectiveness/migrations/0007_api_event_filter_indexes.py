from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("effectiveness", "0006_api_local_act_date_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["municipality", "kind"], name="effect_event_kind"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["municipality", "level"], name="effect_event_level"),
        ),
    ]
