"""Tables of the overviews as exported, with the columns and numbers the page shows (the
files themselves are written by mentorship.exports)."""

from mentorship.exports import PERCENT, Sheet

from .selectors import FIGURES

# Shares go into the spreadsheet as fractions with a percent format, so they sum and chart.
PERCENT_COLUMNS = {column for column, (title, _) in FIGURES.items() if title.endswith("%")}


def overview_sheet(place_title: str, rows, totals, *, note: str = "", fractions: bool) -> Sheet:
    """The page's table; with ``fractions`` shares are written as fractions of one (XLSX),
    else as the percents the page shows (CSV)."""
    headers = [place_title, *(FIGURES[c][0] for c in FIGURES)]
    body = [[str(place), *(getattr(f, c) for c in FIGURES)] for place, f in rows]
    body.append(["Итого", *(getattr(totals, c) for c in FIGURES)])
    percent_at = {i + 1 for i, c in enumerate(FIGURES) if c in PERCENT_COLUMNS}
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
        note=note,
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
