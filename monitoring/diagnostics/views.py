"""Diagnostics pages: instruments and their builder, campaigns, answering, results."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from mentorship.middleware import id_param
from monitoring import charts
from orgs.access import require_role
from orgs.concurrency import StaleEdit
from orgs.models import Municipality, Organisation, Role, StaffMember
from pairs.models import Plan

from . import services
from .access import (
    MUNICIPALITY_WRITERS,
    ORGANISATION_WRITERS,
    READERS,
    campaign_for,
    campaign_for_school,
    campaign_rw,
    instrument_for,
    invitation_for_answering,
    invitation_scope,
    own_invitations,
    pair_rw,
    plan_for,
    staff_for,
)
from .forms import (
    CampaignForm,
    InstrumentForm,
    QuestionForm,
    RuleForm,
    ScheduleForm,
    SectionAnswersForm,
    SectionForm,
)
from .models import (
    Campaign,
    Instrument,
    LifecycleSchedule,
    Section,
    TypicalActivity,
)
from .selectors import (
    OPEN_PAIR_STATUSES,
    campaign_progress,
    can_build,
    compare_campaigns,
    difficulty_table,
    instruments_visible_to,
    pairs_compatibility,
    plan_diagnostics,
    published_versions_for,
    satisfaction,
    teacher_profile,
)

ANSWER_PAGE = "monitoring:diagnostics:answer_section"


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- home pages ----------------------------------------------------------------------------


@login_required
def municipality_home(request, pk: int):
    municipality = get_object_or_404(Municipality, pk=pk)
    require_role(request, Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
    campaigns = Campaign.objects.filter(municipality=municipality).select_related(
        "version__instrument", "organisation"
    )
    return render(
        request,
        "monitoring/diagnostics/municipality.html",
        {
            "municipality": municipality,
            "campaigns": campaigns,
            "can_launch": request.viewer.has_role(Role.METHODIST, municipality=municipality),
        },
    )


# --- instruments ---------------------------------------------------------------------------


def _builder_place(request):
    """Where a new instrument belongs: the methodist's municipality or coordinator's region."""
    for m in request.viewer.memberships_with(Role.METHODIST):
        return {"municipality": m.municipality}
    for m in request.viewer.memberships_with(Role.REGION_COORDINATOR):
        return {"region": m.region}
    raise PermissionDenied("Инструменты создают методисты и региональные координаторы.")


@login_required
def instrument_list(request):
    require_role(request, *READERS)
    instruments = instruments_visible_to(request.viewer).prefetch_related("versions")
    may_build = request.viewer.has_role(Role.METHODIST, Role.REGION_COORDINATOR)
    return render(
        request,
        "monitoring/diagnostics/instrument_list.html",
        {"instruments": instruments, "may_build": may_build},
    )


@login_required
def instrument_create(request):
    place = _builder_place(request)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        instrument = services.instrument_create(
            acting_user=request.user, **form.cleaned_data, **place
        )
        messages.success(request, "Инструмент создан. Добавьте разделы и вопросы.")
        return redirect("monitoring:diagnostics:instrument", instrument.pk)
    return render(request, "monitoring/diagnostics/instrument_form.html", {"form": form})


@login_required
@require_GET
def instrument_detail(request, pk: int):
    return _instrument_page(request, instrument_for(request, pk))


def _instrument_page(request, instrument, *, rule_form=None):
    versions = list(instrument.versions.order_by("-number"))
    version = versions[0] if versions else None
    if "version" in request.GET:
        version = next((v for v in versions if str(v.number) == request.GET["version"]), version)
    sections = version.sections.prefetch_related("questions__area") if version else []
    editable = can_build(request.viewer, instrument)
    return render(
        request,
        "monitoring/diagnostics/instrument_detail.html",
        {
            "instrument": instrument,
            "versions": versions,
            "version": version,
            "sections": sections,
            "editable": editable and version is not None and not version.is_published,
            "may_build": editable,
            "section_form": SectionForm(),
            "question_form": QuestionForm(region=instrument.region),
            "rule_form": rule_form or (RuleForm(instance=version) if version else None),
        },
    )


def _draft_for_builder(request, pk: int):
    instrument = instrument_for(request, pk)
    if not can_build(request.viewer, instrument):
        raise PermissionDenied("Менять этот инструмент нельзя.")
    return instrument


@login_required
@require_POST
def section_add(request, pk: int):
    instrument = _draft_for_builder(request, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_add(
                version=instrument.versions.order_by("-number").first(), **form.cleaned_data
            )
        except ValidationError as error:
            _error(request, error)
    else:
        messages.error(request, "Укажите название раздела.")
    return redirect("monitoring:diagnostics:instrument", instrument.pk)


@login_required
@require_POST
def question_add(request, pk: int, section_pk: int):
    instrument = _draft_for_builder(request, pk)
    section = get_object_or_404(Section, pk=section_pk, version__instrument=instrument)
    form = QuestionForm(request.POST, region=instrument.region)
    if form.is_valid():
        try:
            services.question_add(section=section, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
    else:
        messages.error(request, "Вопрос не добавлен: проверьте текст и тип вопроса.")
    return redirect("monitoring:diagnostics:instrument", instrument.pk)


@login_required
@require_POST
def version_rule(request, pk: int):
    instrument = _draft_for_builder(request, pk)
    version = instrument.versions.order_by("-number")[0]
    # A copy for the form to fill while it validates; the service writes the rule.
    form = RuleForm(request.POST, instance=copy.copy(version))
    if form.is_valid():
        try:
            services.version_set_rule(
                version=version, row_version=form.version, **form.changed_fields()
            )
            messages.success(request, "Правило подсчёта сохранено.")
        except StaleEdit as stale:
            # The page again, with what was typed and the other person's change named.
            form.refuse_stale(stale)
            return _instrument_page(request, instrument, rule_form=form)
        except ValidationError as error:
            _error(request, error)
    else:
        messages.error(request, " ".join(form.non_field_errors()) or "Укажите пороги числами.")
    return redirect("monitoring:diagnostics:instrument", instrument.pk)


@login_required
@require_POST
def version_publish(request, pk: int):
    instrument = _draft_for_builder(request, pk)
    try:
        version = services.version_publish(version=instrument.versions.order_by("-number")[0])
        messages.success(request, f"Версия {version.number} опубликована.")
    except ValidationError as error:
        _error(request, error)
    return redirect("monitoring:diagnostics:instrument", instrument.pk)


@login_required
@require_POST
def version_new(request, pk: int):
    instrument = _draft_for_builder(request, pk)
    version = services.version_new_draft(instrument=instrument)
    messages.success(request, f"Создан черновик версии {version.number}.")
    return redirect("monitoring:diagnostics:instrument", instrument.pk)


# --- campaigns -----------------------------------------------------------------------------


@login_required
def campaign_create(request):
    organisation = municipality = None
    staff = None
    if "organisation" in request.GET:
        organisation = get_object_or_404(Organisation, pk=id_param(request.GET["organisation"]))
        require_role(request, *ORGANISATION_WRITERS, organisation=organisation)
        staff = StaffMember.objects.working().filter(organisation=organisation)
    elif "municipality" in request.GET:
        municipality = get_object_or_404(Municipality, pk=id_param(request.GET["municipality"]))
        require_role(request, *MUNICIPALITY_WRITERS, municipality=municipality)
    else:
        raise Http404
    form = CampaignForm(
        request.POST or None, versions=published_versions_for(request.viewer), staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_launch(
                acting_user=request.user,
                version=data["version"],
                title=data["title"],
                audience=data["audience"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                anonymous=data["anonymous"],
                organisation=organisation,
                municipality=municipality,
                chosen=data.get("chosen") or (),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Кампания запущена, приглашения отправлены.")
            return redirect("monitoring:diagnostics:campaign", campaign.pk)
    return render(
        request,
        "monitoring/diagnostics/campaign_form.html",
        {"form": form, "place": organisation or municipality},
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = campaign_for(request, pk)
    writers = ORGANISATION_WRITERS if campaign.organisation_id else MUNICIPALITY_WRITERS
    place = (
        {"organisation": campaign.organisation}
        if campaign.organisation_id
        else {"municipality": campaign.municipality}
    )
    invitations = None
    if campaign.organisation_id and not campaign.anonymous:
        invitations = list(
            campaign.invitations.select_related("staff_member", "entered_by").order_by(
                "staff_member__last_name", "staff_member__first_name"
            )
        )
        for invitation in invitations:
            invitation.paper_entry = invitation.open_to(request.user)
    return render(
        request,
        "monitoring/diagnostics/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": campaign_progress(campaign),
            "invitations": invitations,
            "can_write": request.viewer.has_role(*writers, **place),
            "can_enter_paper": campaign.organisation_id
            and request.viewer.has_role(Role.CURATOR, organisation=campaign.organisation),
            "others": Campaign.objects.filter(
                version__instrument=campaign.version.instrument_id
            ).exclude(pk=campaign.pk)[:20],
        },
    )


@login_required
@require_POST
def campaign_close(request, pk: int):
    campaign = campaign_rw(request, pk)
    try:
        services.campaign_close(campaign=campaign)
        messages.success(request, "Кампания закрыта: ответы больше не меняются.")
    except ValidationError as error:
        _error(request, error)
    return redirect("monitoring:diagnostics:campaign", campaign.pk)


def _filters(request, campaign):
    organisation = None
    if request.GET.get("organisation"):
        organisation = get_object_or_404(Organisation, pk=id_param(request.GET["organisation"]))
    return organisation, request.GET.get("young") == "1"


@login_required
def campaign_results(request, pk: int):
    campaign = campaign_for(request, pk)
    organisation, young_only = _filters(request, campaign)
    table = difficulty_table(campaign, organisation=organisation, young_only=young_only)
    return render(
        request,
        "monitoring/diagnostics/results.html",
        {
            "campaign": campaign,
            "table": table,
            "organisation": organisation,
            "young_only": young_only,
            "organisations": [p for p in campaign_progress(campaign)],
            "chart": _chart(table),
        },
    )


@login_required
def school_results(request, organisation_pk: int, pk: int):
    campaign, organisation = campaign_for_school(request, pk, organisation_pk)
    young_only = request.GET.get("young") == "1"
    table = difficulty_table(campaign, organisation=organisation, young_only=young_only)
    return render(
        request,
        "monitoring/diagnostics/results.html",
        {
            "campaign": campaign,
            "table": table,
            "organisation": organisation,
            "school_view": True,
            "young_only": young_only,
            "chart": _chart(table),
        },
    )


def _chart(table) -> dict:
    """The shares of the table as SVG bars, the same drawing the PDF reports use."""
    indicators = [s for s in table.indicators if s.count]
    return {
        "areas": charts.bar_chart(
            "Доля педагогов с затруднениями по областям",
            [s.label for s in table.areas],
            [s.percent for s in table.areas],
            maximum=100,
        ),
        "indicators": charts.bar_chart(
            "Доля педагогов с затруднениями по показателям",
            [s.label for s in indicators],
            [s.percent for s in indicators],
            maximum=100,
        ),
    }


@login_required
def campaign_compare(request, pk: int):
    after = campaign_for(request, pk)
    before = campaign_for(request, id_param(request.GET.get("before")))
    organisation, young_only = _filters(request, after)
    first, second, rows = compare_campaigns(
        before, after, organisation=organisation, young_only=young_only
    )
    return render(
        request,
        "monitoring/diagnostics/compare.html",
        {
            "before": before,
            "after": after,
            "first": first,
            "second": second,
            "rows": rows,
            "chart": charts.grouped_bar_chart(
                "Доля педагогов с затруднениями: до и после",
                [r.area for r in rows],
                {"До": [r.before for r in rows], "После": [r.after for r in rows]},
            ),
        },
    )


@login_required
def campaign_satisfaction(request, pk: int):
    campaign = campaign_for(request, pk)
    per_question, per_org = satisfaction([campaign])
    return render(
        request,
        "monitoring/diagnostics/satisfaction.html",
        {"campaign": campaign, "per_question": per_question, "per_org": per_org},
    )


# --- people --------------------------------------------------------------------------------


@login_required
def profile(request, pk: int):
    staff = staff_for(request, pk)
    return render(
        request,
        "monitoring/diagnostics/profile.html",
        {
            "staff": staff,
            "profile": teacher_profile(staff),
            "plans": Plan.objects.filter(mentee=staff).order_by("-starts_on"),
        },
    )


@login_required
def my_questionnaires(request):
    if not request.user.staff_member_id:
        raise Http404
    invitations = own_invitations(request)
    return render(request, "monitoring/diagnostics/my.html", {"invitations": invitations})


@login_required
def answer(request, pk: int, number: int = 1):
    invitation = invitation_for_answering(request, pk)
    with invitation_scope(invitation):
        return _answer_page(request, invitation, number)


def _answer_page(request, invitation, number: int):
    campaign = invitation.campaign
    if not invitation.open_to(request.user):
        # The respondent's own invitation, answered from a paper form by a curator.
        return render(
            request, "monitoring/diagnostics/answer_on_paper.html", {"campaign": campaign}
        )
    sections = list(campaign.version.sections.order_by("position", "id"))
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    answers = {a.question_id: a for a in invitation.answers.filter(question__section=section)}
    form = SectionAnswersForm(request.POST or None, section=section, answers=answers)
    on_behalf = request.user.staff_member_id != invitation.staff_member_id
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Ответьте на обязательные вопросы этой страницы.")
        else:
            try:
                services.answers_save(
                    invitation=invitation,
                    section=section,
                    values=form.values(),
                    acting_user=request.user,
                )
                if number < len(sections):
                    return redirect(ANSWER_PAGE, invitation.pk, number + 1)
                services.response_submit(invitation=invitation, acting_user=request.user)
            except ValidationError as error:
                _error(request, error)
            else:
                messages.success(request, "Спасибо! Ответы сохранены.")
                if on_behalf:
                    return redirect("monitoring:diagnostics:campaign", campaign.pk)
                return redirect("monitoring:diagnostics:my")
    return render(
        request,
        "monitoring/diagnostics/answer.html",
        {
            "invitation": invitation,
            "campaign": campaign,
            "section": section,
            "sections": sections,
            "number": number,
            "form": form,
            "on_behalf": on_behalf,
            "locked": campaign.is_closed,
            "back_url": reverse(ANSWER_PAGE, args=[invitation.pk, number - 1])
            if number > 1
            else None,
        },
    )


# --- pairs ---------------------------------------------------------------------------------


@login_required
def compatibility(request, pk: int):
    from pairs.models import Pair

    organisation = get_object_or_404(Organisation, pk=pk)
    require_role(request, *READERS, organisation=organisation)
    pairs = Pair.objects.filter(organisation=organisation, status__in=OPEN_PAIR_STATUSES).order_by(
        "status", "starts_on", "pk"
    )
    return render(
        request,
        "monitoring/diagnostics/compatibility.html",
        {
            "organisation": organisation,
            "rows": pairs_compatibility(pairs),
            "can_decide": request.viewer.has_role(Role.CURATOR, organisation=organisation),
        },
    )


@login_required
@require_POST
def compatibility_decide(request, pk: int):
    pair = pair_rw(request, pk)
    try:
        services.compatibility_decide(
            pair=pair, acting_user=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, "Решение о совместимости пары записано.")
    except ValidationError as error:
        _error(request, error)
    return redirect("monitoring:diagnostics:compatibility", pair.organisation_id)


@login_required
def plan_panel(request, pk: int):
    plan = plan_for(request, pk)
    return render(
        request,
        "monitoring/diagnostics/plan_panel.html",
        {
            "plan": plan,
            "panel": plan_diagnostics(plan),
            "can_add": request.viewer.has_role(Role.CURATOR, organisation=plan.organisation),
        },
    )


@login_required
@require_POST
def plan_add(request, pk: int, typical_pk: int):
    plan = plan_for(request, pk)
    require_role(request, Role.CURATOR, organisation=plan.organisation)
    typical = get_object_or_404(TypicalActivity.objects.select_related("area"), pk=typical_pk)
    try:
        activity = services.plan_add_suggested(plan=plan, typical=typical, acting_user=request.user)
        messages.success(request, f"В план добавлено: «{activity.title}».")
    except ValidationError as error:
        _error(request, error)
    return redirect("monitoring:diagnostics:plan", plan.pk)


@login_required
def municipality_satisfaction(request, pk: int):
    """Mentors vs mentees over every satisfaction survey of the municipality."""
    municipality = get_object_or_404(Municipality, pk=pk)
    require_role(request, Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
    campaigns = Campaign.objects.filter(
        municipality=municipality, version__instrument__purpose=Instrument.Purpose.SATISFACTION
    )
    per_question, per_org = satisfaction(campaigns)
    return render(
        request,
        "monitoring/diagnostics/satisfaction.html",
        {"place": municipality, "per_question": per_question, "per_org": per_org},
    )


@login_required
def schedule(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    require_role(request, *READERS, organisation=organisation)
    current = LifecycleSchedule.objects.filter(organisation=organisation).first()
    form = ScheduleForm(request.POST or None, instance=current)
    if request.method == "POST":
        require_role(request, *ORGANISATION_WRITERS, organisation=organisation)
        if form.is_valid():
            try:
                services.schedule_save(
                    organisation=organisation,
                    acting_user=request.user,
                    version=form.version,
                    **form.changed_fields(),
                )
            except StaleEdit as stale:
                form.refuse_stale(stale)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "График опросов сохранён.")
                return redirect("monitoring:diagnostics", organisation.pk)
    return render(
        request,
        "monitoring/diagnostics/schedule.html",
        {
            "organisation": organisation,
            "form": form,
            "can_edit": request.viewer.has_role(*ORGANISATION_WRITERS, organisation=organisation),
        },
    )
