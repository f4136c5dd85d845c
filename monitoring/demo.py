"""Demo step: the overview summaries, so that the demo region's overview has figures before
Celery beat first runs. Idempotent: a refresh replaces the rows."""

from .services import overview_summaries_refresh_all


def seed(log=print) -> None:
    regions, organisations = overview_summaries_refresh_all(all_years=True)
    log(f"Сводки обзоров: регионов {regions}, строк организаций {organisations}")
