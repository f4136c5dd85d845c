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


class _Fields(forms.Form):
    text = forms.CharField(label="Мероприятие <и> «результат»", max_length=50)
    optional = forms.CharField(required=False, help_text="Подсказка <b>как есть</b>")
    small = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    number = forms.IntegerField(min_value=-24, max_value=24, initial=0)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    choice = forms.ChoiceField(choices=[("", "все"), ("a", "А & Б")], required=False)
    sized = forms.ChoiceField(
        choices=[("x", "икс")], widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    many = forms.MultipleChoiceField(choices=[("a", "а"), ("b", "б")], required=False)
    flag = forms.BooleanField(required=False, label="Молодые специалисты")
    must = forms.BooleanField(help_text="Обязательно")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    unlabelled = forms.CharField(label="", required=False)
    radio = forms.ChoiceField(choices=[("a", "а")], widget=forms.RadioSelect, required=False)
    file = forms.FileField(required=False)


class _Styled(_Fields):
    required_css_class = "required"
    error_css_class = "error"


@pytest.mark.parametrize("form_class", [_Fields, _Styled])
@pytest.mark.parametrize(
    "data",
    [None, {"text": "x" * 60, "number": "99", "day": "вчера", "sized": "нет", "must": ""}],
    ids=["blank", "with errors"],
)
def test_the_bootstrap_field_is_crispy_forms_html_to_the_byte(form_class, data):
    """Every kind of field the pages show, required or not, with help, errors and classes of
    its own; crispy-forms' own rendering of a twin form is the reference."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    from orgs.templatetags.portal import as_bootstrap_field

    ours, theirs = form_class(data, auto_id="id_%s"), form_class(data, auto_id="id_%s")
    for name in ours.fields:
        assert str(as_bootstrap_field(ours[name])) == str(as_crispy_field(theirs[name])), name
    if data:
        assert 'class="invalid-feedback"' in as_bootstrap_field(ours["text"])
    # Twice, as a page re-rendering its form would: the classes are added once.
    for name in ours.fields:
        assert str(as_bootstrap_field(ours[name])) == str(as_crispy_field(theirs[name])), name


def test_the_bootstrap_field_writes_the_fields_it_covers_itself():
    from mentorship.form_renderer import bootstrap_field

    form = _Fields()
    covered = {name for name in form.fields if bootstrap_field(form[name]) is not None}
    assert covered == set(form.fields) - {"radio", "file"}
