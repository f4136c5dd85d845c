from django.db import migrations

from pairs.plan_templates import SHIPPED


def load(apps, schema_editor):
    PlanTemplate = apps.get_model("pairs", "PlanTemplate")
    PlanTemplateActivity = apps.get_model("pairs", "PlanTemplateActivity")
    for shipped in SHIPPED:
        template, created = PlanTemplate.objects.get_or_create(
            code=shipped.code,
            defaults={
                "title": shipped.title,
                "description": shipped.description,
                "goals": shipped.goals,
                "mentee_category": shipped.mentee_category,
            },
        )
        if not created:
            continue
        PlanTemplateActivity.objects.bulk_create(
            PlanTemplateActivity(
                template=template,
                position=index,
                month_offset=month,
                direction=direction,
                form=form,
                title=title,
                deficit_code=deficit,
                stage=stage,
                expected_result=result,
                responsible=responsible,
            )
            for index, (month, direction, form, title, deficit, stage, result, responsible) in (
                enumerate(shipped.activities)
            )
        )


def unload(apps, schema_editor):
    apps.get_model("pairs", "PlanTemplate").objects.filter(
        code__in=[t.code for t in SHIPPED]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pairs", "0001_initial"), ("orgs", "0003_deficit_area_catalogue")]

    operations = [migrations.RunPython(load, unload)]
