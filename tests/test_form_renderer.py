"""The form renderer writes the common widgets in Python: each must give Django's own HTML
to the byte, or a form would change under its user (labels, selected options, escaping)."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from mentorship.form_renderer import FastWidgets

WIDGETS = [
    (forms.TextInput(attrs={"class": 'a<b"', "required": True, "disabled": False}), 'x"&<y>'),
    (forms.TextInput(attrs={"placeholder": "Фамилия"}), None),
    (forms.NumberInput(attrs={"min": 0, "step": 1}), 5),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 1, 2)),
    (forms.DateInput(), datetime.date(2026, 1, 2)),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), True),
    (forms.CheckboxInput(), False),
    (forms.HiddenInput(), mark_safe("<b>")),
    (forms.EmailInput(), "a@b.ru"),
    (forms.URLInput(), "https://школа.рф/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.Textarea(attrs={"rows": 3}), "строка\n<вторая> & «третья»"),
    (forms.Textarea(), ""),
    (
        forms.Select(
            choices=[("", "---------"), (1, "Иванов <И.>"), (2, 2025), ("x", "Ёж & ко")],
            attrs={"class": "form-select form-select-sm"},
        ),
        1,
    ),
    (forms.Select(choices=[("Группа", [(1, "a"), (2, "b")]), (3, "c")]), "2"),
    (forms.SelectMultiple(choices=[(1, "a"), (2, "b"), (3, "c")]), [1, 3]),
    (forms.NullBooleanSelect(), None),
    (forms.RadioSelect(choices=[(1, "a"), (2, "b")]), 1),
    (forms.CheckboxSelectMultiple(choices=[(1, "a"), (2, "b")]), [2]),
    (forms.SelectDateWidget(years=[2025, 2026]), datetime.date(2026, 3, 4)),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_each_widget_renders_as_djangos_templates_do(widget, value):
    attrs = {"id": "id_field"}
    expected = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())
    assert widget.render("field", value, attrs=attrs, renderer=FastWidgets()) == expected


def test_a_select_of_model_rows_renders_as_djangos_templates_do(db):
    from orgs.models import Subject

    Subject.objects.get_or_create(name="Физика & астрономия <углублённо>")
    field = forms.ModelChoiceField(queryset=Subject.objects.order_by("name"))
    expected = field.widget.render("s", None, renderer=DjangoTemplates())
    assert "астрономия &lt;углублённо&gt;" in expected
    assert field.widget.render("s", None, renderer=FastWidgets()) == expected


def test_the_site_renders_forms_with_it():
    assert settings.FORM_RENDERER == "mentorship.form_renderer.FastWidgets"
