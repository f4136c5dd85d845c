"""Demo step: the overview summaries, so that the demo region's overview has figures before
Celery beat first runs. Idempotent: a refresh replaces the rows."""

from orgs.tenancy import scopes_disabled

from .services import overview_summaries_refresh_all


def seed(log=print) -> None:
    with scopes_disabled():  # every region
        regions, organisations = overview_summaries_refresh_all(all_years=True)
    log(f"Сводки обзоров: регионов {regions}, строк организаций {organisations}")
