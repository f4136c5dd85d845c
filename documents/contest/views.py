"""Pages of the municipal contest for mentors: access helper → form → one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.portfolio.selectors import SNAPSHOT_LABELS
from monitoring.effectiveness.models import Event
from orgs.access import require_role
from orgs.models import Role, StaffMember
from pairs.access import organisation_for_write

from . import selectors, services
from .access import (
    application_for_read,
    application_for_run,
    assignment_for_juror,
    can_run,
    contest_for_read,
    contest_for_run,
    juror_person,
    jury_scope,
    municipality_for_read,
)
from .forms import (
    ApplicationForm,
    AssignForm,
    ContestForm,
    CriterionForm,
    NominationForm,
    PersonChoiceForm,
    ScoreForm,
    StageForm,
)
from .models import Contest, Juror, Stage

JUDGED_HERE = (Event.Level.SCHOOL, Event.Level.MUNICIPAL)


def _errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def municipality_contests(request, pk: int):
    municipality = municipality_for_read(request, pk)
    runs = request.viewer.has_role(Role.METHODIST, municipality=municipality)
    form = ContestForm(request.POST or None)
    if request.method == "POST":
        require_role(request, Role.METHODIST, municipality=municipality)
        if form.is_valid():
            try:
                contest = services.contest_create(
                    municipality=municipality, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, "Конкурс создан: добавьте номинации, этапы и критерии.")
                return redirect("contest:detail", pk=contest.pk)
    return render(
        request,
        "contest/list.html",
        {
            "municipality": municipality,
            "contests": selectors.contests_of(municipality),
            "form": form,
            "runs": runs,
        },
    )


def _municipal_staff(contest: Contest):
    return StaffMember.objects.working().filter(municipality=contest.municipality_id)


@login_required
@require_GET
def contest_detail(request, pk: int):
    contest = contest_for_read(request, pk)
    runs = can_run(request, contest)
    stage = selectors.current_stage(contest)
    context = {
        "contest": contest,
        "runs": runs,
        "stages": list(contest.stages.all()),
        "nominations": list(contest.nominations.all()),
        "criteria": list(contest.criteria.all()),
        "current": stage,
        # The scope shows a school its own applications and the methodist all of them.
        "applications": list(
            contest.applications.select_related("person", "organisation", "nomination", "stage")
        ),
        # The schools of the municipality whose curator the user is, while entries are open.
        "apply_for": [
            m.organisation
            for m in request.viewer.memberships_with(Role.CURATOR)
            if m.organisation.municipality_id == contest.municipality_id
        ]
        if stage
        and stage.position == min(s.position for s in contest.stages.all())
        and not contest.results_published_at
        else [],
    }
    if runs:
        context.update(
            jurors=list(contest.jurors.select_related("person__organisation")),
            # Stages above the municipality are judged by the region, not here.
            ranking=selectors.ranking(stage) if stage and stage.level in JUDGED_HERE else {},
            results=selectors.ranking(selectors.results_stage(contest))
            if selectors.results_stage(contest)
            else {},
            # Four forms on one page: each field's id names its form.
            nomination_form=NominationForm(auto_id="nomination_%s"),
            criterion_form=CriterionForm(auto_id="criterion_%s"),
            stage_form=StageForm(auto_id="stage_%s"),
            juror_form=PersonChoiceForm(people=_municipal_staff(contest), auto_id="juror_%s"),
        )
    return render(request, "contest/detail.html", context)


@login_required
@require_POST
def contest_from_event(request, pk: int):
    """The methodist runs a recorded municipal «конкурс» event as a contest for mentors."""
    event = get_object_or_404(Event.objects.select_related("municipality"), pk=pk)
    if event.municipality_id is None:
        raise Http404
    require_role(request, Role.METHODIST, municipality=event.municipality)
    try:
        contest = services.contest_on_event(event=event, acting_user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("monitoring:effectiveness:event", pk=pk)
    messages.success(request, "Конкурс наставников начат: добавьте номинации, этапы и критерии.")
    return redirect("contest:detail", pk=contest.pk)


SETUP = {
    "nomination": (NominationForm, services.nomination_add, "Номинация добавлена."),
    "criterion": (CriterionForm, services.criterion_add, "Критерий добавлен."),
    "stage": (StageForm, services.stage_add, "Этап добавлен."),
}


@login_required
@require_POST
def contest_setup(request, pk: int, part: str):
    """The methodist adds a nomination, a criterion of the rubric, a stage or a juror."""
    contest = contest_for_run(request, pk)
    if part == "juror":
        form = PersonChoiceForm(request.POST, people=_municipal_staff(contest))
        service, done = services.juror_add, "Член жюри добавлен."
    elif part in SETUP:
        form_class, service, done = SETUP[part]
        form = form_class(request.POST)
    else:
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("contest:detail", pk=pk)
    try:
        service(contest=contest, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect("contest:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def contest_apply(request, pk: int, organisation: int):
    """A school's curator submits a mentor's application: the portfolio's figures of today
    are frozen in it."""
    school = organisation_for_write(request, organisation)
    contest = contest_for_read(request, pk)
    if contest.municipality_id != school.municipality_id:
        raise Http404
    people = StaffMember.objects.working().filter(organisation=school)
    form = ApplicationForm(request.POST or None, people=people, contest=contest)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            application = services.application_submit(
                contest=contest,
                nomination=form.cleaned_data["nomination"],
                person=person,
                summary=form.cleaned_data["summary"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"Заявка {person.full_name} подана.")
            return redirect("contest:application", pk=application.pk)
    return render(
        request, "contest/apply.html", {"contest": contest, "form": form, "school": school}
    )


@login_required
@require_POST
def stage_close(request, pk: int):
    stage = get_object_or_404(
        Stage.objects.select_related("contest"), pk=pk, contest__in=Contest.objects.all()
    )
    require_role(request, Role.METHODIST, municipality=stage.contest.municipality)
    try:
        services.stage_close(stage=stage, acting_user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Этап «{stage.title}» завершён.")
    return redirect("contest:detail", pk=stage.contest_id)


@login_required
@require_POST
def results_publish(request, pk: int):
    contest = contest_for_run(request, pk)
    try:
        services.results_publish(contest=contest, acting_user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Итоги опубликованы на публичной странице муниципалитета.")
    return redirect("contest:detail", pk=pk)


@login_required
@require_GET
def application_detail(request, pk: int):
    application = application_for_read(request, pk)
    runs = can_run(request, application.contest)
    assignments = list(
        application.assignments.select_related("juror__person", "stage").prefetch_related(
            "scores__criterion"
        )
    )
    context = {
        "application": application,
        "contest": application.contest,
        "figures": [(label, application.snapshot.get(key)) for key, label in SNAPSHOT_LABELS],
        "practices": application.snapshot.get("practices", []),
        "assignments": assignments,
        "runs": runs,
    }
    if runs:
        given = {a.juror_id for a in assignments if a.stage_id == application.stage_id}
        context["jurors"] = [
            j
            for j in application.contest.jurors.select_related("person")
            if j.pk not in given and j.person_id != application.person_id
        ]
    return render(request, "contest/application.html", context)


@login_required
@require_POST
def application_assign(request, pk: int):
    application = application_for_run(request, pk)
    form = AssignForm(request.POST)
    juror = None
    if form.is_valid():
        juror = Juror.objects.filter(
            pk=form.cleaned_data["juror"], contest=application.contest
        ).first()
    if juror is None:
        messages.error(request, "Выберите члена жюри этого конкурса.")
        return redirect("contest:application", pk=pk)
    try:
        services.assignment_add(application=application, juror=juror, acting_user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Заявка передана: {juror.person.full_name}.")
    return redirect("contest:application", pk=pk)


@login_required
@require_GET
def jury(request):
    """«Оценка заявок»: what was given to the user as a member of a jury."""
    person = juror_person(request)
    assignments = []
    if person is not None:
        with jury_scope(person):
            assignments = list(selectors.assignments_of_juror(person))
    return render(request, "contest/jury.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def assignment_score(request, pk: int):
    person = juror_person(request)
    if person is None:
        raise Http404
    with jury_scope(person):
        assignment = assignment_for_juror(request, pk)
        application = assignment.application
        form = ScoreForm(
            request.POST or None,
            criteria=application.contest.criteria.all(),
            initial_points=selectors.scores_of(assignment),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.scores_save(
                    assignment=assignment, points=form.points(), acting_user=request.user
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, "Оценки сохранены.")
                return redirect("contest:jury")
        return render(
            request,
            "contest/score.html",
            {
                "assignment": assignment,
                "application": application,
                "figures": [
                    (label, application.snapshot.get(key)) for key, label in SNAPSHOT_LABELS
                ],
                "form": form,
                "own": application.person_id == person.pk,
            },
        )
