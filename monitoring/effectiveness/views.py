from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orgs.models import Organisation, Role
from orgs.review import review_decision
from orgs.schoolyear import SchoolYear

from . import access, selectors, services
from .forms import (
    STATUS_COLOURS,
    ActsFilter,
    AnswerForm,
    LocalActForm,
    OpenCampaignForm,
    PackKindForm,
    RoadMapYearForm,
    WebsiteForm,
)
from .models import Campaign, Form, LocalAct, RoadMap, WebsiteSection


@login_required
def municipality_home(request, pk: int):
    """The methodist's monitoring page: campaigns by year, opening the next one."""
    municipality = (
        access.municipality_rw if request.method == "POST" else access.municipality_for
    )(request, pk)
    campaigns = (
        Campaign.objects.filter(municipality=municipality)
        .annotate(total=Count("forms"))
        .order_by("-year")
    )
    road_maps = RoadMap.objects.filter(municipality=municipality, organisation=None)
    form = OpenCampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(
                municipality=municipality,
                year=form.cleaned_data["year"],
                deadline=form.cleaned_data["deadline"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Мониторинг за {campaign.year} год открыт.")
            return redirect("monitoring:effectiveness:campaign", pk=campaign.pk)
    return render(
        request,
        "monitoring/effectiveness/municipality.html",
        {
            "municipality": municipality,
            "campaigns": campaigns,
            "road_maps": road_maps,
            "form": form,
        },
    )


@login_required
def campaign_detail(request, pk: int):
    """The municipal table: organisations × criteria with colours, statuses, last year."""
    campaign = access.campaign_for(request, pk)
    table = selectors.campaign_table(campaign)
    previous = selectors.previous_levels(campaign)
    for row in table["rows"]:
        row["previous"] = previous.get(row["form"].organisation_id)
        row["colour"] = STATUS_COLOURS[row["form"].status]
    return render(
        request,
        "monitoring/effectiveness/campaign.html",
        {"campaign": campaign, "table": table, "has_previous": bool(previous)},
    )


@login_required
def organisation_home(request, pk: int):
    """A school's effectiveness page: its monitoring forms by year, the pack of local acts
    with the website section, its road maps and a link to its events."""
    organisation = (
        access.organisation_rw if request.method == "POST" else access.organisation_for
    )(request, pk)
    is_curator = request.viewer.has_role(Role.CURATOR, organisation=organisation)
    acts = selectors.organisation_acts(organisation)
    act_form = LocalActForm(kinds=[row["kind"] for row in acts])
    site = WebsiteSection.objects.filter(organisation=organisation).first()
    site_form = WebsiteForm(initial={"url": site.url if site else ""})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "act":
                act_form = LocalActForm(
                    request.POST, request.FILES, kinds=[row["kind"] for row in acts]
                )
                if act_form.is_valid():
                    data = act_form.cleaned_data
                    services.local_act_save(
                        organisation=organisation,
                        position=data["kind"],
                        number=data["number"],
                        date=data["date"],
                        file=data["file"],
                        acting_user=request.user,
                    )
                    messages.success(request, "Документ отмечен в пакете локальных актов.")
                    return redirect("monitoring:effectiveness:organisation", pk=organisation.pk)
            elif action == "site":
                site_form = WebsiteForm(request.POST)
                if site_form.is_valid():
                    services.website_section_save(
                        organisation=organisation,
                        url=site_form.cleaned_data["url"],
                        acting_user=request.user,
                    )
                    messages.success(request, "Адрес раздела сохранён.")
                    return redirect("monitoring:effectiveness:organisation", pk=organisation.pk)
            elif action == "road_map":
                source = selectors.municipal_road_map(organisation.municipality)
                if source is None:
                    raise ValidationError("У муниципалитета нет дорожной карты-образца.")
                first_year = request.POST.get("first_year", "").strip()
                if not first_year.isdigit():
                    raise ValidationError("Укажите первый год дорожной карты школы, например 2026.")
                road_map = services.road_map_copy_for_organisation(
                    source=source,
                    organisation=organisation,
                    acting_user=request.user,
                    first_year=int(first_year),
                )
                return redirect("monitoring:effectiveness:road_map", pk=road_map.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "monitoring/effectiveness/organisation.html",
        {
            "organisation": organisation,
            "forms": Form.objects.filter(organisation=organisation)
            .select_related("campaign")
            .order_by("-campaign__year"),
            "acts": acts,
            "act_form": act_form,
            "site": site,
            "site_form": site_form,
            "road_maps": RoadMap.objects.filter(organisation=organisation).order_by("-first_year"),
            "first_year": SchoolYear.containing().start_year,
            "is_curator": is_curator,
            "is_methodist": request.viewer.has_role(
                Role.METHODIST, municipality=organisation.municipality
            ),
        },
    )


@login_required
@require_POST
def website_checked(request, pk: int):
    """The methodist has opened the school's «Наставничество» section and seen it works."""
    organisation = access.organisation_for_review(request, pk)
    try:
        services.website_section_mark_checked(organisation=organisation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Проверка раздела отмечена.")
    return redirect("monitoring:effectiveness:organisation", pk=organisation.pk)


@login_required
def act_file(request, pk: int):
    """A local act's file, through the scope (the media URL itself is never shown)."""
    act = access.local_act_for(request, pk)
    if not act.file:
        raise Http404
    return FileResponse(
        act.file.open("rb"), as_attachment=True, filename=act.file.name.split("/")[-1]
    )


@login_required
def form_detail(request, pk: int):
    bound = request.method == "POST"
    form = (access.form_rw if bound else access.form_for)(request, pk)
    answers = list(
        form.answers.select_related("indicator__criterion").order_by(
            "indicator__criterion__position", "indicator__position"
        )
    )
    is_curator = request.viewer.has_role(Role.CURATOR, organisation=form.organisation)
    answer_forms = [
        AnswerForm(
            request.POST if bound else None,
            request.FILES if bound else None,
            instance=a,
            prefix=f"a{a.pk}",
        )
        for a in answers
    ]
    if bound:
        if all(f.is_valid() for f in answer_forms):
            surveys = {
                f.instance.pk: request.POST.get(f"survey-{f.instance.pk}", "") for f in answer_forms
            }
            # Only the rows this person changed are sent, each with the version it was opened
            # with: an indicator someone else filled meanwhile is neither checked nor undone.
            changes = [
                (f.instance, f.version, f.changed_fields())
                for f in answer_forms
                if f.changed_fields() or surveys[f.instance.pk]
            ]
            try:
                services.form_answers_save(
                    form=form, changes=changes, acting_user=request.user, surveys=surveys
                )
            except services.StaleAnswers as error:
                for f in answer_forms:
                    if f.instance.pk in error.stale:
                        f.refuse_stale(error.stale[f.instance.pk])
                        if "evidence_file" in f.changed_data:
                            f.add_error(None, "Выбранный файл не сохранён: выберите его ещё раз.")
                messages.error(
                    request,
                    "Форма не сохранена: отмеченные показатели изменил другой пользователь. "
                    "Проверьте их и сохраните ещё раз.",
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Форма сохранена.")
                return redirect("monitoring:effectiveness:form", pk=form.pk)
        else:
            messages.error(request, "Исправьте ошибки в отмеченных показателях.")
    return render(
        request,
        "monitoring/effectiveness/form.html",
        {
            "form_row": form,
            "answer_forms": answer_forms,
            "is_curator": is_curator,
            "is_methodist": request.viewer.has_role(
                Role.METHODIST, municipality=form.campaign.municipality
            ),
            "status_colour": STATUS_COLOURS[form.status],
            "history": list(form.status_changes.select_related("changed_by")),
            "survey_choices": selectors.survey_choices(form.organisation, year=form.campaign.year)
            if is_curator and form.editable
            else [],
        },
    )


@login_required
@require_POST
def form_decide(request, pk: int):
    """Submit (the curator), return with a comment or accept (the methodist)."""
    form = access.form_for_decision(request, pk)
    return review_decision(
        request,
        organisation=form.organisation,
        municipality=form.campaign.municipality,
        outcomes={
            "submit": "Форма сдана.",
            "return": "Форма возвращена.",
            "accept": "Форма принята.",
            "reopen": "Форма снова открыта: до нового принятия уровень у организации не считается.",
        },
        transition=lambda action, comment: services.form_transition(
            form=form, action=action, comment=comment, acting_user=request.user
        ),
        back=reverse("monitoring:effectiveness:form", args=[form.pk]),
    )


@login_required
def road_map_detail(request, pk: int):
    road_map = access.road_map_for(request, pk)
    can_edit = access.can_edit_road_map(request, road_map)
    return render(
        request,
        "monitoring/effectiveness/road_map.html",
        {
            "road_map": road_map,
            "can_edit": can_edit,
            "sections": selectors.road_map_rows(road_map),
            "targets": selectors.targets_against_data(road_map.municipality)
            if road_map.municipality_id and not road_map.organisation_id
            else [],
        },
    )


@login_required
def local_acts(request, pk: int):
    """Completeness of the pack: organisations × documents, with a filter for gaps."""
    municipality = (
        access.municipality_rw if request.method == "POST" else access.municipality_for
    )(request, pk)
    if request.method == "POST":
        form = PackKindForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            if form.cleaned_data["action"] == "remove_kind":
                services.local_act_kind_remove(
                    municipality=municipality,
                    position=form.cleaned_data["position"] or 0,
                    acting_user=request.user,
                )
            else:
                services.local_act_kind_add(
                    municipality=municipality,
                    name=form.cleaned_data["name"],
                    acting_user=request.user,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Перечень документов изменён.")
        return redirect("monitoring:effectiveness:local_acts", pk=municipality.pk)
    kinds = selectors.local_act_kinds_shown(municipality)
    organisations = list(
        Organisation.objects.filter(municipality=municipality).order_by("short_name")
    )
    present = set(
        LocalAct.objects.filter(municipality=municipality).values_list("organisation_id", "kind_id")
    )
    sites = {s.organisation_id: s for s in WebsiteSection.objects.filter(municipality=municipality)}
    rows = []
    for organisation in organisations:
        cells = [(organisation.pk, k.pk) in present for k in kinds]
        rows.append(
            {
                "organisation": organisation,
                "cells": cells,
                "missing": cells.count(False),
                "site": sites.get(organisation.pk),
            }
        )
    filters = ActsFilter(request.GET or None)
    if filters.is_valid() and filters.cleaned_data["gaps"]:
        rows = [r for r in rows if r["missing"] or not r["site"]]
    return render(
        request,
        "monitoring/effectiveness/local_acts.html",
        {
            "municipality": municipality,
            "kinds": kinds,
            "rows": rows,
            "filters": filters,
            "can_configure": request.viewer.has_role(Role.METHODIST, municipality=municipality),
        },
    )


@login_required
def municipality_road_map(request, pk: int):
    """The methodist's menu entry: the municipality's road map, when one is loaded."""
    municipality = access.municipality_for(request, pk)
    road_map = (
        RoadMap.objects.filter(municipality=municipality, organisation=None).order_by("-pk").first()
    )
    if road_map is None:
        messages.info(request, "Дорожная карта муниципалитета ещё не загружена.")
        return redirect("monitoring:effectiveness:municipality", pk=municipality.pk)
    return redirect("monitoring:effectiveness:road_map", pk=road_map.pk)


@login_required
def school_road_maps(request, pk: int):
    """The municipality's table of its schools' road maps: per item and year done / overdue /
    not started with the evidence, and the share done per school."""
    municipality = access.municipality_for(request, pk)
    return render(
        request,
        "monitoring/effectiveness/school_road_maps.html",
        {"municipality": municipality, "maps": selectors.school_road_maps(municipality)},
    )


@login_required
@require_POST
def road_map_year(request, pk: int):
    """Mark an item's year done (with evidence) or put it back into the plan."""
    year_row, road_map = access.road_map_year_rw(request, pk)
    form = RoadMapYearForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Неизвестное действие.")
        if form.cleaned_data["action"] == "done":
            services.road_map_year_mark_done(
                year_row=year_row,
                evidence=form.cleaned_data["evidence"],
                acting_user=request.user,
            )
        else:
            services.road_map_year_reopen(year_row=year_row, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{year_row.item.number}, {year_row.year}: статус изменён.")
    return redirect("monitoring:effectiveness:road_map", pk=road_map.pk)


@login_required
def evidence_file(request, pk: int):
    """An evidence file of a monitoring form, through the scope."""
    answer = access.answer_for(request, pk)
    if not answer.evidence_file:
        raise Http404
    name = answer.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(answer.evidence_file.open("rb"), as_attachment=True, filename=name)
