from django.db import migrations, models
from django.db.models import Q

# The register of each kind at the time of this migration (documents.models.REGISTER_OF).
REGISTERS = {
    "council": "protocols",
    "agreement": "agreements",
    "consent": "consents",
    "certificate": "certificates",
    "plan": "programmes",
    "analytical_report": "reports",
}


def set_registers(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for kind, register in REGISTERS.items():
        Document.objects.filter(kind=kind).update(register=register)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_young_specialists_kind"),
        ("orgs", "0010_register_formats"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="register",
            field=models.CharField(
                choices=[
                    ("orders", "Приказы"),
                    ("protocols", "Протоколы педагогического совета"),
                    ("agreements", "Дополнительные соглашения"),
                    ("consents", "Согласия наставников"),
                    ("certificates", "Благодарности"),
                    ("programmes", "Персонализированные программы"),
                    ("reports", "Аналитические справки"),
                ],
                default="orders",
                editable=False,
                max_length=20,
                verbose_name="журнал регистрации",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_registers, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="document",
            name="document_number_unique_per_issuer_year",
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=Q(("number", ""), _negated=True),
                fields=("municipality", "organisation", "register", "year", "number"),
                name="document_number_unique_per_register_year",
                nulls_distinct=False,
                violation_error_message="Документ с таким номером в этом году уже есть.",
            ),
        ),
    ]
