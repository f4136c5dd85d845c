"""Template helpers shared by every app."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def ru_plural_form(number: int, forms: tuple[str, str, str]) -> str:
    """Russian plural: forms for 1, 2–4 and 5+ (``1 педагог, 3 педагога, 11 педагогов``)."""
    n = abs(int(number))
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


@register.filter
def ru_plural(number, forms: str) -> str:
    """``{{ n|ru_plural:"педагог,педагога,педагогов" }}`` → ``3 педагога``."""
    one, few, many = (f.strip() for f in forms.split(","))
    return f"{number} {ru_plural_form(number, (one, few, many))}"


@register.simple_tag
def overview_cell(figures, column: str) -> str:
    """A figure of an overview table: numbers with thin grouping, percentages with one
    decimal, «—» where there is nothing to divide."""
    return _figure(getattr(figures, column))


@register.filter
def figure_cells(figures, columns) -> str:
    """``{{ f|figure_cells:figures }}``: a row's ``<td>`` cells in one call instead of a
    template tag per cell (400 of them on a municipality's page)."""
    # The figures are numbers or «—» (see _figure), never text from users: nothing to escape.
    return mark_safe(  # noqa: S308
        "".join(f'<td class="num">{_figure(getattr(figures, c))}</td>' for c in columns)
    )


def _figure(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u00a0")


@register.filter
def get_item(mapping, key):
    """``{{ levels|get_item:place.pk }}``: a dict's value in a template."""
    return mapping.get(key) if mapping else None


@register.filter
def pair_with(first, second) -> tuple:
    """``{% for x in a|pair_with:b %}``: loop over two objects in turn."""
    return (first, second)
