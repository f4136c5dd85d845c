"""Background work of monitoring: the overview summaries. Tasks take ids and are safe to run
twice (the refresh replaces a region's rows under a lock)."""

from celery import shared_task
from django.utils import timezone

from orgs.models import Region
from orgs.schoolyear import SchoolYear
from orgs.tenancy import scopes_disabled

from . import services
from .selectors import FIRST_YEAR


@shared_task
def refresh_overview_summaries(past_years: bool = False) -> int:
    """Beat entry: one task per region for the current school year, or for every earlier
    school year since the target model began (``past_years``)."""
    current = SchoolYear.containing(timezone.localdate()).start_year
    years = range(FIRST_YEAR, current) if past_years else [current]
    with scopes_disabled():  # a periodic task for every region; each refresh scopes itself
        regions = list(Region.objects.values_list("pk", flat=True))
    for region_id in regions:
        for year in years:
            refresh_region_summary.delay(region_id, year)
    return len(regions) * len(years)


@shared_task
def refresh_region_summary(region_id: int, school_year: int) -> int:
    return services.overview_summary_refresh(region_id=region_id, school_year=school_year)
