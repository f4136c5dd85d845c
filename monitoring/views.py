"""Overviews of a municipality, a region and the country, and the diagnostics entry page."""

import datetime
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorship import exports
from mentorship.fragments import CachedPage
from monitoring.diagnostics.selectors import difficulty_table, latest_deficits_survey
from monitoring.effectiveness.selectors import levels_by_organisation
from orgs.models import Municipality, Organisation, Region, Role
from orgs.schoolyear import SchoolYear

from . import access, drilldown, overviews, services
from .breakdowns import overview_charts
from .exports import overview_sheet, retention_sheet
from .filters import OverviewFilter
from .outcomes import DEFINITION as RETENTION_DEFINITION
from .selectors import FIGURES, overview_figures, school_todo, total

SORTABLE = {"name", *FIGURES}


def chosen_columns(query) -> dict:
    """The overview's figure columns the reader chose («Столбцы»), in the table's order; all of
    them when none of the names given is a column. The page and its exports show the same."""
    wanted = set(query.getlist("columns"))
    return {c: meta for c, meta in FIGURES.items() if c in wanted} or FIGURES


AVERAGE_LABELS = {
    "monitoring:school_overview": "В среднем на организацию",
    "monitoring:municipality_overview": "В среднем на муниципалитет",
}


def _as_of(request) -> tuple[datetime.date, SchoolYear, list[SchoolYear]]:
    return overviews.as_of(request.GET.get("year"))


def _overview(request, table: Callable[[], dict], *, versions: tuple | None = None):
    """The table of places with their figures: page, or XLSX/CSV with the same numbers.
    ``table()`` gives what the table is made of (see ``_table``); it is called only when the
    page is not in the cache, which ``versions`` keys (None: not cached)."""
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        made = _table(request, **table())
        sheet = overview_sheet(made, fractions=export == "xlsx")
        sheets = [sheet, retention_sheet(made["cohorts"])] if made["cohorts"] else [sheet]
        return exports.response(export, made["filename"], *sheets, parameters=_parameters(made))
    page = CachedPage(request, "monitoring/overview.html", versions=versions)
    if not page.hit:
        page.render(_page(request, _table(request, **table())))
    return page.response()


def _table(
    request,
    *,
    places,
    key: str,
    place_title: str,
    filename: str,
    context: dict,
    summarised: bool = False,
    municipality: int | None = None,
    stamp: dict | None = None,
    difficulties=None,
) -> dict:
    """The overview's rows and totals, as the page and the exports show them. ``summarised``
    pages read the overview summaries instead of aggregating live; a municipality's
    organisations (``municipality``) are read from them once the refresh has written them,
    live before that (``stamp``: their version, read with the page's key)."""
    places = list(places)
    as_of, school_year, years = _as_of(request)
    ids = [p.pk for p in places]
    readings = overviews.readings(
        key,
        ids,
        today=as_of,
        school_year=school_year,
        summarised=summarised,
        municipality=municipality,
        stamp=stamp,
    )
    rows = [(place, readings.figures[place.pk]) for place in places]
    columns = chosen_columns(request.GET)
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") in SORTABLE:
        column = sort.lstrip("-")

        def by(row):
            value = str(row[0]) if column == "name" else getattr(row[1], column)
            return (value is None, value if value is not None else 0)

        rows.sort(key=by, reverse=sort.startswith("-"))
    return {
        **context,
        "key": key,
        "filename": filename,
        "place_title": place_title,
        "rows": rows,
        "figures": columns,
        "totals": total(readings.figures),
        "cohorts": readings.cohorts,
        "readings": readings,
        "freshness": _freshness(readings.refreshed_at),
        "stale_freshness": _freshness(readings.stale_summaries_at),
        # The page's «В среднем» row, also in the exports; none for a single place.
        "averages": drilldown.averages([f for _, f in rows], FIGURES) if len(rows) > 1 else None,
        "average_label": AVERAGE_LABELS.get(context.get("link_name"), "В среднем на субъект"),
        "sort": sort,
        "school_year": school_year,
        "years": years,
        "difficulties": difficulties,
    }


def _page(request, made: dict) -> dict:
    """What only the page shows beside the table: averages, linked cells, charts."""
    rows, readings, levels = made["rows"], made["readings"], made.get("levels")
    links = drilldown.organisation_links() if made["key"] == "organisation" else None
    to_place = drilldown.place_link(made["link_name"])
    query = request.GET.copy()
    for name in ("sort", "export"):
        query.pop(name, None)
    return {
        **made,
        # Each row as the table shows it, built here rather than by tags per row: (id, name,
        # link, cells, level). An organisation's figures link to the lists behind them (the
        # municipality page).
        "table_rows": [
            (
                place.pk,
                str(place),
                to_place(place.pk),
                drilldown.cells(
                    partial(getattr, f), made["figures"], links(place.pk) if links else None
                ),
                (levels.get(place.pk) or "—") if levels is not None else None,
            )
            for place, f in rows
        ],
        "linked_cells": links is not None,
        "all_figures": FIGURES,
        "query": query.urlencode(),
        "retention_definition": RETENTION_DEFINITION,
        "refresh_minutes": settings.OVERVIEW_SUMMARY_MINUTES,
        "refresh_on_write": settings.OVERVIEW_REFRESH_ON_WRITE,
        "charts": overview_charts(
            rows,
            cohorts=made["cohorts"],
            pairs=readings.pairs,
            completion=readings.completion,
            difficulties=made["difficulties"],
        ),
    }


def _parameters(made: dict) -> dict:
    """What an exported overview was read with: the year, the filters, the order, the stamp."""
    column = made["sort"].lstrip("-")
    order = "название" if column == "name" else FIGURES.get(column, ("",))[0]
    if order and made["sort"].startswith("-"):
        order += " (по убыванию)"
    return {
        "Учебный год": str(made["school_year"]),
        **exports.parameters_from(getattr(made.get("filter"), "form", None)),
        "Сортировка": order,
        "Столбцы": "все"
        if made["figures"] is FIGURES
        else ", ".join(title for title, _ in made["figures"].values()),
        "Сводные данные на": made["freshness"],
        "Сводка устарела, показатели посчитаны в реальном времени; сводка была на": made[
            "stale_freshness"
        ],
    }


def _freshness(moment: datetime.datetime | None) -> str:
    """«06.12.2026 в 14:05»: always with the date, so that a stamp of another day shows."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%d.%m.%Y} в {local:%H:%M}"


@exports.offers("xlsx", "csv")
@login_required
def municipality_overview(request, pk: int):
    as_of, school_year, _ = _as_of(request)
    on_page = access.municipality_for_page(request, pk, school_year=school_year.start_year)

    def table():
        heading = overviews.municipality_heading(pk, monitoring_year=school_year.start_year + 1)
        levels = (
            levels_by_organisation(pk, year=school_year.start_year + 1) if heading.monitored else {}
        )
        filterset = OverviewFilter(
            request.GET or None,
            queryset=Organisation.objects.filter(municipality=pk).order_by("short_name"),
            pack_size=heading.pack_size,
            levels=levels,
        )
        survey = latest_deficits_survey(pk, year=as_of.year)
        # The summaries' charts cover the whole municipality: a filtered view is counted live.
        narrowed = filterset.is_bound and (
            not filterset.is_valid() or any(filterset.form.cleaned_data.values())
        )
        return {
            "places": filterset.qs if narrowed else overviews.schools_of(pk),
            "key": "organisation",
            "municipality": None if narrowed else pk,
            "stamp": on_page.summaries,
            "place_title": "Организация",
            "filename": f"municipality-{pk}",
            "context": {
                "title": f"{heading.name}: образовательные организации",
                "parent": heading.region,
                "place": heading.name,
                "link_name": "monitoring:school_overview",
                "filter": filterset,
                "refresh_url": reverse("monitoring:municipality_refresh", args=[pk]),
                # Accepted forms show their level, the others their status.
                "levels": {school: level.display for school, level in levels.items()},
            },
            "difficulties": difficulty_table(survey, indicators=False).areas if survey else None,
        }

    return _overview(request, table, versions=on_page.versions)


@login_required
@require_POST
def municipality_refresh(request, pk: int):
    """«Обновить сейчас»: the municipality's summaries of a school year recomputed at once
    (about 80 ms for 33 organisations at country scale), for a methodist who has just
    changed something."""
    municipality = access.municipality_rw(request, pk)
    url = reverse("monitoring:municipality_overview", args=[municipality.pk])
    _, _, years = _as_of(request)
    year = request.POST.get("year", "")
    if year not in {str(y.start_year) for y in years}:
        messages.error(request, "Выберите учебный год из списка.")
        return redirect(url)
    services.overview_summary_refresh(
        region_id=municipality.region_id, school_year=int(year), municipality_id=municipality.pk
    )
    messages.success(request, "Сводка муниципалитета обновлена.")
    return redirect(f"{url}?year={year}")


@exports.offers("xlsx", "csv")
@login_required
def region_overview(request, pk: int):
    region = access.region_for(request, pk)
    title = f"{region}: муниципальные образования"
    table = partial(
        dict,
        places=Municipality.objects.filter(region=region).order_by("name"),
        key="municipality",
        summarised=True,
        place_title="Муниципальное образование",
        filename=f"region-{region.pk}",
        context={"title": title, "place": region, "link_name": "monitoring:municipality_overview"},
    )
    return _overview(request, table)


@exports.offers("xlsx", "csv")
@login_required
def country_overview(request):
    access.country_for(request)
    title = "Все субъекты РФ на портале"
    table = partial(
        dict,
        places=Region.objects.order_by("name"),
        key="region",
        summarised=True,
        place_title="Субъект РФ",
        filename="country",
        context={"title": title, "link_name": "monitoring:region_overview"},
    )
    return _overview(request, table)


@login_required
def school_overview(request, pk: int):
    """The school's figures and what to do next (curator and director)."""
    on_page = access.school_for_page(request, pk)

    def context():
        organisation = on_page.organisation
        return {
            "organisation": organisation,
            "figures": overview_figures("organisation", [organisation.pk])[organisation.pk],
            "descriptions": FIGURES,
            "todo": school_todo(organisation),
        }

    page = CachedPage(request, "monitoring/school_overview.html", versions=on_page.versions)
    if not page.hit:
        page.render(context())
    return page.response()


@login_required
def diagnostics(request, pk: int):
    organisation = access.diagnostics_organisation_for(request, pk)
    from monitoring.diagnostics.selectors import diagnosed_staff, organisation_campaigns

    return render(
        request,
        "monitoring/diagnostics.html",
        {
            "organisation": organisation,
            "campaigns": organisation_campaigns(organisation),
            "diagnosed": diagnosed_staff(organisation),
            "can_launch": request.viewer.has_role(
                Role.CURATOR, Role.PSYCHOLOGIST, organisation=organisation
            ),
        },
    )
