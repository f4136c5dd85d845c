from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from orgs.tenancy import scopes_disabled

# Each app adds its own step here; the steps run in order and each is idempotent.
DEMO_STEPS = [
    "orgs.demo.seed.seed",
    "orgs.demo.mentor_base.seed",
    "pairs.demo.seed",
    "monitoring.diagnostics.demo.seed",
    "monitoring.effectiveness.demo.seed",
    "documents.demo.seed",
    "documents.publication.demo.seed",
    "monitoring.demo.seed",  # last: the overview summaries add up everything above
]


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационный регион (Онгудайский район, г. Кедровый). "
        "Повторный запуск ничего не меняет."
    )

    def handle(self, *args, **options):
        with scopes_disabled():
            for step in DEMO_STEPS:
                import_string(step)(log=self.stdout.write)
