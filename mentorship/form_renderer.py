"""The form renderer: Django's own, except that the widgets every page shows (text inputs,
check boxes, selects with their options, text areas) are written out in Python. Django
renders each of them, and each option of a select, through a template of its own with an
include for its attributes; a filter form with a teacher select of fifty options cost more
than the table beside it. The HTML is Django's to the byte (``tests/test_form_renderer.py``
renders every widget both ways); any other template goes through Django's templates."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}
OPTION = f"{WIDGETS}select_option.html"

# {{ value }} in a template: localised and escaped as Django's templates do.
_OUTPUT = Context(autoescape=True)


def _text(value) -> str:
    return render_value_in_context(value, _OUTPUT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the string of the value, escaped unless it was safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = _text(name)
        parts.append(f" {name}" if value is True else f' {name}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


class FastWidgets(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        html = None
        if widget is not None:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == f"{WIDGETS}select.html":
                html = _select(widget)
            elif template_name == f"{WIDGETS}textarea.html":
                html = _textarea(widget)
        # Like Django's renderer, a plain string: the widget marks it safe.
        return super().render(template_name, context, request) if html is None else html
