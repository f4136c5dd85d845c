"""Overview summaries: what the region and country overviews (and an unfiltered
municipality overview) read instead of aggregating staff, pairs and plans live. The refresh
(monitoring.services.overview_summary_refresh, run by Celery beat) computes them with the
same selectors the live municipality overview uses, so
the numbers have one definition; the pages only add the rows up.

Derived data, rewritten wholesale on every refresh: not in the audit trail (an entry per row
every few minutes would bury the real history), not editable anywhere, and deleted with the
place it describes.
"""

from django.db import models

from orgs.tenancy import ORG_KEYS, TenantManager


class FigureCounts(models.Model):
    """The counts of OverviewFigures (monitoring.selectors.FIGURE_COUNTS), from which every
    share an overview shows is derived; a new figure adds its counts here."""

    teachers = models.PositiveIntegerField(default=0)
    young_specialists = models.PositiveIntegerField(default=0)
    young_with_mentor = models.PositiveIntegerField(default=0)
    programmes = models.PositiveIntegerField(default=0)
    active_pairs = models.PositiveIntegerField(default=0)
    activities = models.PositiveIntegerField(default=0)
    activities_done = models.PositiveIntegerField(default=0)
    overdue_activities = models.PositiveIntegerField(default=0)
    lesson_visits = models.PositiveIntegerField(default=0)
    stalled_pairs = models.PositiveIntegerField(default=0)
    ending_soon = models.PositiveIntegerField(default=0)
    diagnosed = models.PositiveIntegerField(default=0)
    satisfaction_points = models.PositiveIntegerField(default=0)
    satisfaction_answers = models.PositiveIntegerField(default=0)
    satisfaction_respondents = models.PositiveIntegerField(default=0)
    acts_present = models.PositiveIntegerField(default=0)
    acts_required = models.PositiveIntegerField(default=0)
    website_sections = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class OrganisationSummary(FigureCounts):
    """One organisation's overview figures for a school year, as of ``refreshed_at`` (or the
    year's end, for a past year). The counts are those of OverviewFigures."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField("учебный год (год начала)")
    refreshed_at = models.DateTimeField("данные на")

    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "сводка по организации"
        verbose_name_plural = "сводки по организациям"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "school_year"], name="summary_org_year_once"
            )
        ]
        # The country overview reads a year, the region overview a year of one region.
        indexes = [models.Index(fields=["school_year", "region"], name="summary_year_region")]

    def __str__(self):
        return f"Сводка организации {self.organisation_id}, {self.school_year} уч. год"


class PerMunicipality(models.Model):
    """A summary row per municipality: the organisations' figures added up for the country
    overview, and the breakdowns (per organisation they would be tens of rows for each of
    80,000 organisations, and no page shows them below a municipality)."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField("учебный год (год начала)")

    objects = TenantManager(region="region", municipality="municipality")

    class Meta:
        abstract = True

    def __str__(self):
        return (
            f"{self._meta.verbose_name}: муниципалитет {self.municipality_id}, {self.school_year}"
        )


class MunicipalitySummary(PerMunicipality, FigureCounts):
    """The municipality's organisations' summaries added up: the country overview adds up
    2,400 of these instead of 80,000 organisation rows."""

    refreshed_at = models.DateTimeField("данные на")

    class Meta:
        verbose_name = "сводка по муниципалитету"
        verbose_name_plural = "сводки по муниципалитетам"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "school_year"], name="summary_muni_year_once"
            )
        ]
        indexes = [models.Index(fields=["school_year", "region"], name="muni_sum_year_region")]


class RetentionSummary(PerMunicipality):
    """Counts behind the retention table (monitoring.outcomes) by hiring year and mentored."""

    year = models.PositiveSmallIntegerField("год приёма")
    mentored = models.BooleanField("с наставником")
    hired = models.PositiveIntegerField(default=0)
    eligible_1 = models.PositiveIntegerField(default=0)
    eligible_2 = models.PositiveIntegerField(default=0)
    eligible_3 = models.PositiveIntegerField(default=0)
    retained_1 = models.PositiveIntegerField(default=0)
    retained_2 = models.PositiveIntegerField(default=0)
    retained_3 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "сводка закрепляемости"
        verbose_name_plural = "сводки закрепляемости"
        indexes = [models.Index(fields=["school_year", "region"], name="retention_year_region")]


class PairsSummary(PerMunicipality):
    """Active pairs and groups by programme form and pair format (monitoring.breakdowns)."""

    form = models.CharField(max_length=40)
    format = models.CharField(max_length=40)
    pairs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "сводка пар по формам"
        verbose_name_plural = "сводки пар по формам"
        indexes = [models.Index(fields=["school_year", "region"], name="pairs_sum_year_region")]


class CompletionSummary(PerMunicipality):
    """Plan activities due per month and done (monitoring.breakdowns)."""

    month = models.DateField()
    activities = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "сводка выполнения планов"
        verbose_name_plural = "сводки выполнения планов"
        indexes = [models.Index(fields=["school_year", "region"], name="completion_year_region")]
