"""Template helpers of the overview pages: figures formatted as monitoring.drilldown does."""

from django import template

from monitoring.drilldown import cells, figure

register = template.Library()


@register.simple_tag
def overview_cell(figures, column: str) -> str:
    """One figure, ``{% overview_cell figures "teachers" %}`` (the school overview)."""
    return figure(getattr(figures, column))


@register.filter
def figure_cells(figures, columns) -> str:
    """``{{ totals|figure_cells:figures }}``: a row's ``<td>`` cells in one call instead of a
    template tag per cell (400 of them on a municipality's page). ``figures`` may also be a
    dict of column values (the averages row)."""
    if isinstance(figures, dict):
        return cells(figures.get, columns)
    return cells(lambda column: getattr(figures, column), columns)
