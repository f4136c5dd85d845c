"""Ready-made instruments and typical plan activities: they exist on every deployment."""

from django.db import migrations


def install(apps, schema_editor):
    from monitoring.diagnostics.ready import install as install_ready

    install_ready(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial"), ("orgs", "0003_deficit_area_catalogue")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
