import time

from django.core.management.base import BaseCommand

from monitoring.services import overview_summaries_refresh_all
from orgs.tenancy import scopes_disabled


class Command(BaseCommand):
    help = (
        "Пересчитывает сводки для обзоров региона и страны сейчас, не дожидаясь Celery beat: "
        "за текущий учебный год или (--all-years) за все годы с 2020/21."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all-years", action="store_true")

    def handle(self, *args, all_years, **options):
        started = time.monotonic()
        with scopes_disabled():  # every region
            regions, organisations = overview_summaries_refresh_all(all_years=all_years)
        self.stdout.write(
            f"Сводки обновлены: регионов {regions}, строк организаций {organisations}, "
            f"{time.monotonic() - started:.1f} с"
        )
