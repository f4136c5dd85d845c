"""The form renderer: Django's own, except that the widgets every page shows (text inputs,
check boxes, selects with their options, text areas) are written out in Python. Django
renders each of them, and each option of a select, through a template of its own with an
include for its attributes; a filter form with a teacher select of fifty options cost more
than the table beside it. The HTML is Django's to the byte (``tests/test_form_renderer.py``
renders every widget both ways); any other template goes through Django's templates."""

from __future__ import annotations

from django import forms
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


# crispy-forms' bootstrap5 field as ``{{ field|as_crispy_field }}`` writes it with no form
# helper: its field.html with the help and error includes renders a template per field, with
# a dozen filters each, which cost a plan page more than its table. ``bootstrap_field``
# writes the same HTML, whitespace included (``tests/test_form_renderer.py`` compares them
# field by field); fields it does not cover go through crispy-forms as before.
_PAD = "\n" + " " * 4
_PAD8, _PAD12, _PAD16, _PAD20, _PAD24, _PAD28 = ("\n" + " " * n for n in (8, 12, 16, 20, 24, 28))


def _crispy_widget(field, css: str) -> str:
    """crispy-forms' ``{% crispy_field field 'class' css %}``: the widget's class name and
    ``css`` join its classes (on the widget itself, as crispy-forms does), then the widget."""
    widget = field.field.widget
    class_name = widget.__class__.__name__.lower()
    current = widget.attrs.get("class", "")
    if current:
        if current.find(class_name) == -1:
            current += f" {class_name}"
    else:
        current = class_name
    for name in css.split():
        if name not in current.split():
            current += f" {name}"
    widget.attrs["class"] = current
    return str(field)


def _help_and_errors(field) -> str:
    """bootstrap5/layout/help_text_and_errors.html (errors as a block, help below)."""
    errors = "\n"
    if field.errors:
        auto_id = _text(field.auto_id)
        lines = "".join(
            f'{_PAD8}<p id="error_{n}_{auto_id}"><strong>{_text(error)}</strong></p>{_PAD}'
            for n, error in enumerate(field.errors, 1)
        )
        errors = (
            f'{_PAD}<div id="{_text(field.errors.field_id)}_error" class="invalid-feedback">'
            f"{_PAD}{lines}{_PAD}</div>\n\n"
        )
    help_text = "\n"
    if field.help_text:
        where = f'id="{_text(field.auto_id)}_helptext" ' if field.auto_id else ""
        help_text = f'{_PAD}{_PAD8}<div {where}class="form-text">{field.help_text}</div>{_PAD}\n\n'
    return f"\n\n{_PAD}{errors}\n\n\n{_PAD}{help_text}\n\n"


def bootstrap_field(field):
    """``{{ field|as_crispy_field }}`` of crispy-forms' bootstrap5 pack, written in Python
    for the fields the portal's pages show; None for any other (the caller falls back)."""
    widget = field.field.widget
    if (
        getattr(field.form, "helper", None) is not None
        or hasattr(widget, "widgets")
        or hasattr(widget, "widget")
        or widget.use_fieldset
        or isinstance(widget, forms.FileInput | forms.RadioSelect)
    ):
        return None
    if widget.is_hidden:
        return f"\n\n{_PAD}{field}\n\n"
    checkbox = isinstance(widget, forms.CheckboxInput)
    required = field.field.required
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    invalid = " is-invalid" if field.errors else ""
    css_classes = field.css_classes()
    wrapper = "form-check" if checkbox else "mb-3"
    if css_classes:
        wrapper += f" {_text(css_classes)}"
    label = ""
    if field.label and not checkbox:
        target = f'for="{_text(field.id_for_label)}"' if field.id_for_label else ""
        label = (
            f"{_PAD12}{_PAD12}<label{_PAD16}{target} class="
            f'"form-label{" requiredField" if required else ""}">{_PAD16}'
            f"{_text(field.label)}{asterisk}{_PAD12}</label>{_PAD8}"
        )
    if checkbox:
        body = (
            f"{_PAD20}{_PAD24}{_crispy_widget(field, 'form-check-input' + invalid)}{_PAD20}"
            f'{_PAD16}<label for="{_text(field.id_for_label)}" class="form-check-label'
            f'{" requiredField" if required else ""}">{_PAD20}{_text(field.label)}{asterisk}'
            f"{_PAD16}</label>{_PAD16}{_help_and_errors(field)}{_PAD12}"
        )
    else:
        if isinstance(widget, forms.Select):
            control = f"{_PAD24}{_PAD28}{_crispy_widget(field, 'form-select' + invalid)}{_PAD24}"
        else:
            control = f"{_PAD24}{_crispy_widget(field, 'form-control' + invalid)}"
        body = (
            f"{_PAD16}{_PAD20}{control}{_PAD20}{_PAD20}{_PAD24}{_help_and_errors(field)}"
            f"{_PAD20}{_PAD16}{_PAD12}"
        )
    opening = f'{_PAD8}<div class="mb-3">{_PAD8}{_PAD}' if checkbox else ""
    closing = f"{_PAD8}{_PAD8}</div>{_PAD}" if checkbox else ""
    return (
        f'\n\n{_PAD}{opening}{_PAD}<div id="div_{_text(field.auto_id)}" class="{wrapper}">'
        f"{_PAD8}{label}\n{_PAD8}\n{_PAD8}{_PAD12}{body}{_PAD8}{_PAD8}{_PAD}</div>"
        f"{_PAD}{closing}\n\n"
    )
