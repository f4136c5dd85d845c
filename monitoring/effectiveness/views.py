from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from orgs.access import require_role
from orgs.models import Municipality, Organisation, Role
from orgs.tenancy import scopes_disabled

from . import selectors, services
from .forms import STATUS_COLOURS, ActsFilter, AnswerForm, DecisionForm, OpenCampaignForm
from .models import Campaign, Form, LocalAct, RoadMap, WebsiteSection

MUNICIPAL_READERS = (Role.METHODIST, Role.REGION_COORDINATOR)
ORGANISATION_READERS = (Role.CURATOR, Role.DIRECTOR, *MUNICIPAL_READERS)


def _in_scope(request, *, region_id: int, municipality_id: int | None) -> bool:
    scope = request.viewer.scope
    return (scope.regions is None or region_id in scope.regions) and (
        scope.municipalities is None or municipality_id in scope.municipalities
    )


def _municipality(request, pk: int) -> Municipality:
    """404 outside the user's scope (as for a missing one); 403 inside it for a person who is
    not a methodist or coordinator (a school's staff)."""
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    if not _in_scope(request, region_id=municipality.region_id, municipality_id=municipality.pk):
        raise Http404
    require_role(request, *MUNICIPAL_READERS, municipality=municipality)
    return municipality


def _municipal_row(request, model, pk: int):
    """A municipality-level row (campaign, road map). Their empty organisation key hides them
    from a school's scope, which would turn a school's 403 into 404; so this one lookup reads
    by id across tenants and then applies the same scope test as ``_municipality``."""
    with scopes_disabled():
        row = get_object_or_404(model.objects.select_related("municipality"), pk=pk)
    if not _in_scope(request, region_id=row.region_id, municipality_id=row.municipality_id):
        raise Http404
    return row


@login_required
def municipality_home(request, pk: int):
    """The methodist's monitoring page: campaigns by year, opening the next one."""
    municipality = _municipality(request, pk)
    campaigns = (
        Campaign.objects.filter(municipality=municipality)
        .annotate(total=Count("forms"))
        .order_by("-year")
    )
    road_maps = RoadMap.objects.filter(municipality=municipality, organisation=None)
    form = OpenCampaignForm(request.POST or None)
    if request.method == "POST":
        require_role(request, Role.METHODIST, municipality=municipality)
        if form.is_valid():
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
    campaign = _municipal_row(request, Campaign, pk)
    require_role(request, *MUNICIPAL_READERS, municipality=campaign.municipality)
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
    """The curator's entry: this organisation's latest monitoring form."""
    organisation = get_object_or_404(Organisation, pk=pk)
    require_role(request, *ORGANISATION_READERS, organisation=organisation)
    form = Form.objects.filter(organisation=organisation).order_by("-campaign__year").first()
    if form is None:
        return render(
            request,
            "monitoring/effectiveness/no_form.html",
            {"organisation": organisation},
        )
    return redirect("monitoring:effectiveness:form", pk=form.pk)


@login_required
def form_detail(request, pk: int):
    form = get_object_or_404(
        Form.objects.select_related("campaign", "organisation", "campaign__municipality"), pk=pk
    )
    require_role(request, *ORGANISATION_READERS, organisation=form.organisation)
    answers = list(
        form.answers.select_related("indicator__criterion").order_by(
            "indicator__criterion__position", "indicator__position"
        )
    )
    is_curator = request.viewer.has_role(Role.CURATOR, organisation=form.organisation)
    bound = request.method == "POST"
    if bound:
        require_role(request, Role.CURATOR, organisation=form.organisation)
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
            changes = [
                (
                    f.instance,
                    {
                        "value": f.cleaned_data.get("value"),
                        "option": f.cleaned_data.get("option", ""),
                        "comment": f.cleaned_data["comment"],
                        "evidence_text": f.cleaned_data["evidence_text"],
                        "evidence_url": f.cleaned_data["evidence_url"],
                        "evidence_file": request.FILES.get(f"a{f.instance.pk}-evidence_file"),
                    },
                )
                for f in answer_forms
            ]
            try:
                services.form_answers_save(form=form, changes=changes, acting_user=request.user)
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
        },
    )


@login_required
@require_POST
def form_decide(request, pk: int):
    """Submit (the curator), return with a comment or accept (the methodist)."""
    form = get_object_or_404(Form.objects.select_related("campaign__municipality"), pk=pk)
    decision = DecisionForm(request.POST)
    if not decision.is_valid():
        messages.error(request, "Неизвестное действие.")
        return redirect("monitoring:effectiveness:form", pk=form.pk)
    action = decision.cleaned_data["action"]
    if action == "submit":
        require_role(request, Role.CURATOR, organisation=form.organisation)
    else:
        require_role(request, Role.METHODIST, municipality=form.campaign.municipality)
    try:
        services.form_transition(
            form=form,
            action=action,
            comment=decision.cleaned_data["comment"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            {"submit": "Форма сдана.", "return": "Форма возвращена.", "accept": "Форма принята."}[
                action
            ],
        )
    return redirect("monitoring:effectiveness:form", pk=form.pk)


@login_required
def road_map_detail(request, pk: int):
    road_map = _municipal_row(request, RoadMap, pk)
    if road_map.organisation_id:
        require_role(request, *ORGANISATION_READERS, organisation=road_map.organisation)
    else:
        require_role(request, *MUNICIPAL_READERS, municipality=road_map.municipality)
    return render(
        request,
        "monitoring/effectiveness/road_map.html",
        {
            "road_map": road_map,
            "sections": selectors.road_map_rows(road_map),
            "targets": selectors.targets_against_data(road_map.municipality)
            if road_map.municipality_id and not road_map.organisation_id
            else [],
        },
    )


@login_required
def local_acts(request, pk: int):
    """Completeness of the pack: organisations × documents, with a filter for gaps."""
    municipality = _municipality(request, pk)
    kinds = services.local_act_kinds(municipality=municipality)
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
        {"municipality": municipality, "kinds": kinds, "rows": rows, "filters": filters},
    )


@login_required
def municipality_road_map(request, pk: int):
    """The methodist's menu entry: the municipality's road map, when one is loaded."""
    municipality = _municipality(request, pk)
    road_map = (
        RoadMap.objects.filter(municipality=municipality, organisation=None).order_by("-pk").first()
    )
    if road_map is None:
        messages.info(request, "Дорожная карта муниципалитета ещё не загружена.")
        return redirect("monitoring:effectiveness:municipality", pk=municipality.pk)
    return redirect("monitoring:effectiveness:road_map", pk=road_map.pk)
