"""Tables of the overviews as exported, with the columns and numbers the page shows (the
files themselves are written by mentorship.exports)."""

from mentorship.exports import PERCENT, Sheet

from .selectors import FIGURES

# Shares go into the spreadsheet as fractions with a percent format, so they sum and chart.
PERCENT_COLUMNS = {column for column, (title, _) in FIGURES.items() if title.endswith("%")}


LEVEL_TITLE = "Уровень эффективности"


def overview_sheet(made: dict, *, fractions: bool) -> Sheet:
    """The page's table, row for row and column for column (``made`` is what the page is
    made of, monitoring.views._table): «Итого», «В среднем на …» when there are several
    places, each place; the effectiveness level where the page shows it. With ``fractions``
    shares are written as fractions of one (XLSX), else as the percents the page shows
    (CSV). The stamp and the filters go to the parameters, never under the table."""
    levels = made.get("levels")
    with_level = levels is not None
    columns = made["figures"]
    headers = [made["place_title"], *(title for title, _ in columns.values())]
    if with_level:
        headers.append(LEVEL_TITLE)

    def row(name: str, value, level=None) -> list:
        cells = [name, *(value(c) for c in columns)]
        return [*cells, level] if with_level else cells

    totals = made["totals"]
    body = [row("Итого", lambda c: getattr(totals, c))]
    if made["averages"] is not None:
        body.append(row(made["average_label"], made["averages"].get))
    for place, f in made["rows"]:
        level = levels.get(place.pk) if with_level else None
        body.append(row(str(place), lambda c, f=f: getattr(f, c), level))
    percent_at = {i + 1 for i, c in enumerate(columns) if c in PERCENT_COLUMNS}
    if fractions:
        body = [
            [v / 100 if i in percent_at and v is not None else v for i, v in enumerate(values)]
            for values in body
        ]
    return Sheet(
        "Показатели",
        headers,
        body,
        formats=dict.fromkeys(percent_at, PERCENT) if fractions else {},
        freeze="B2",
        widths={0: 40},
    )


RETENTION_HEADERS = [
    "Год приёма",
    "С наставником: принято",
    "через 1 год, %",
    "через 2 года, %",
    "через 3 года, %",
    "Без наставника: принято",
    "через 1 год, %",
    "через 2 года, %",
    "через 3 года, %",
]


def retention_sheet(cohorts) -> Sheet:
    """Retention by hiring year, mentored vs not (monitoring.outcomes), percents as numbers."""
    rows = []
    for row in cohorts:
        values = [row.year]
        for cohort in (row.with_mentor, row.without_mentor):
            values += [cohort.hired, *(r / 100 if r is not None else None for r in cohort.rates)]
        rows.append(values)
    return Sheet(
        "Закрепляемость",
        RETENTION_HEADERS,
        rows,
        formats=dict.fromkeys((2, 3, 4, 6, 7, 8), PERCENT),
    )
