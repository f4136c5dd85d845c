"""Background work of monitoring: the overview summaries. Tasks take ids and are safe to run
twice (the refresh replaces a region's rows under a lock)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from orgs import outbox
from orgs.models import Region
from orgs.outbox import OutboxJob
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
    with transaction.atomic():
        for region_id in regions:
            for year in years:
                # Once while pending: a broker outage does not pile up refreshes.
                outbox.enqueue(
                    refresh_region_summary,
                    region_id,
                    year,
                    key=f"overview-summary:{region_id}:{year}",
                    unique=True,
                )
    return len(regions) * len(years)


@shared_task(base=OutboxJob)
def refresh_region_summary(region_id: int, school_year: int) -> int:
    return services.overview_summary_refresh(region_id=region_id, school_year=school_year)
