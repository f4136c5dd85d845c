"""Template helpers shared by every app."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.utils.safestring import mark_safe

from mentorship.form_renderer import bootstrap_field

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


@register.filter
def get_item(mapping, key):
    """``{{ levels|get_item:place.pk }}``: a dict's value in a template."""
    return mapping.get(key) if mapping else None


@register.filter
def pair_with(first, second) -> tuple:
    """``{% for x in a|pair_with:b %}``: loop over two objects in turn."""
    return (first, second)


@register.filter
def ru_minutes(duration) -> str:
    """``{{ cooloff_timedelta|ru_minutes }}`` → ``15 минут``, ``1 час``: a lock-out or
    throttling time as the pages say it."""
    if not duration:
        return ""
    minutes = max(1, round(duration.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} {ru_plural_form(hours, ('час', 'часа', 'часов'))}"
    return f"{minutes} {ru_plural_form(minutes, ('минуту', 'минуты', 'минут'))}"


@register.filter
def as_bootstrap_field(field):
    """``{{ field|as_bootstrap_field }}``: crispy-forms' ``as_crispy_field``, the same HTML,
    written in Python for the common fields (``mentorship.form_renderer.bootstrap_field``)."""
    html = bootstrap_field(field)
    return as_crispy_field(field) if html is None else mark_safe(html)  # noqa: S308 - escaped parts
