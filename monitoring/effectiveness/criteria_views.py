"""The municipality's effectiveness criteria by year: Kedrovy's table (order No. 76) to start from,
copying last year's set in one action, and editing a set no campaign has used yet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from orgs.concurrency import StaleEdit
from orgs.models import Role

from . import access, services
from .forms import CopyCriteriaForm, CriterionForm, IndicatorForm
from .models import Campaign, CriteriaSet, Criterion, Indicator


def _chosen_set(request, municipality):
    sets = list(CriteriaSet.objects.filter(municipality=municipality).order_by("-year"))
    wanted = request.GET.get("set") or request.POST.get("set")
    chosen = next((s for s in sets if str(s.pk) == wanted), sets[0] if sets else None)
    return sets, chosen


def _posted_id(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isascii() or not value.isdigit():
        raise ValidationError("Неверная ссылка на критерий или показатель.")
    return int(value)


def _apply(request, municipality, chosen) -> str | None:
    """Run the posted action; the success message, or None when a form shows errors."""
    action = request.POST.get("action")
    if action == "load_seed":
        year = CopyCriteriaForm(request.POST)
        if not year.is_valid():
            raise ValidationError("Укажите год от 2020 до 2100.")
        services.criteria_set_load_seed(municipality=municipality, year=year.cleaned_data["year"])
        return "Загружены критерии из приказа № 76 (г. Кедровый)."
    if chosen is None:
        raise ValidationError("Набор критериев не выбран.")
    if action == "copy":
        year = CopyCriteriaForm(request.POST)
        if not year.is_valid():
            raise ValidationError("Укажите год от 2020 до 2100.")
        copy = services.criteria_set_copy(source=chosen, year=year.cleaned_data["year"])
        return f"Набор скопирован на {copy.year} год."
    if action == "add_criterion":
        form = CriterionForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Введите название критерия.")
        services.criterion_add(
            criteria_set=chosen, name=form.cleaned_data["name"], acting_user=request.user
        )
        return "Критерий добавлен."
    if action in ("add_indicator", "edit_indicator", "delete_indicator"):
        if action == "add_indicator":
            criterion = get_object_or_404(
                Criterion, pk=_posted_id(request, "criterion"), criteria_set=chosen
            )
            indicator = Indicator(criterion=criterion)
        else:
            indicator = get_object_or_404(
                Indicator.objects.select_related("criterion__criteria_set"),
                pk=_posted_id(request, "indicator"),
                criterion__criteria_set=chosen,
            )
        if action == "delete_indicator":
            services.indicator_delete(indicator=indicator, acting_user=request.user)
            return "Показатель удалён."
        form = IndicatorForm(request.POST, instance=indicator)
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
                    for f, e in form.errors.items()
                ]
            )
        if action == "add_indicator":
            services.indicator_save(indicator=form.save(commit=False), acting_user=request.user)
            return "Показатель сохранён."
        try:
            services.indicator_update(
                indicator=indicator,
                acting_user=request.user,
                version=form.version,
                **form.changed_fields(),
            )
        except StaleEdit as stale:
            # The page shows this form as refused: what was typed, the other change taken in.
            form.refuse_stale(stale)
            request.refused_indicator = form
            raise ValidationError(form.non_field_errors()) from stale
        return "Показатель сохранён."
    raise ValidationError("Неизвестное действие.")


def _indicator_form(request, indicator):
    refused = getattr(request, "refused_indicator", None)
    if refused is not None and refused.instance.pk == indicator.pk:
        return refused
    return IndicatorForm(instance=indicator)


@login_required
def criteria(request, pk: int):
    municipality = (
        access.municipality_rw if request.method == "POST" else access.municipality_for
    )(request, pk)
    sets, chosen = _chosen_set(request, municipality)
    if request.method == "POST":
        try:
            done = _apply(request, municipality, chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            chosen_pk = request.POST.get("set", "")
            url = f"{request.path}?set={chosen_pk}" if chosen_pk else request.path
            return redirect(url)
    criteria_rows = (
        list(chosen.criteria.prefetch_related("indicators")) if chosen is not None else []
    )
    used_in = (
        list(Campaign.objects.filter(criteria_set=chosen).values_list("year", flat=True))
        if chosen
        else []
    )
    return render(
        request,
        "monitoring/effectiveness/criteria.html",
        {
            "municipality": municipality,
            "sets": sets,
            "chosen": chosen,
            "criteria": [
                {
                    "criterion": c,
                    "indicators": [(i, _indicator_form(request, i)) for i in c.indicators.all()],
                }
                for c in criteria_rows
            ],
            "new_indicator": IndicatorForm(),
            "used_in": used_in,
            "can_edit": request.viewer.has_role(Role.METHODIST, municipality=municipality),
            "next_year": (chosen.year + 1) if chosen else None,
        },
    )
