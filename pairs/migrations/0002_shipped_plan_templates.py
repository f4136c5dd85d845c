from django.db import migrations

from pairs.plan_templates import SHIPPED, install


def load(apps, schema_editor):
    install(apps.get_model("pairs", "PlanTemplate"), apps.get_model("pairs", "PlanTemplateActivity"))


def unload(apps, schema_editor):
    apps.get_model("pairs", "PlanTemplate").objects.filter(
        code__in=[t.code for t in SHIPPED]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pairs", "0001_initial"), ("orgs", "0003_deficit_area_catalogue")]

    operations = [migrations.RunPython(load, unload)]
