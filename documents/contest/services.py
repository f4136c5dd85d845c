"""Writes of the contest: each is atomic, checks its rule and says why in Russian.

The methodist runs the contest (its set-up, jury, stages and results); a school's curator
submits its mentors' applications; a juror scores only what was given to them, and never
their own application.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.portfolio.access import person_scope
from documents.portfolio.selectors import portfolio_of, snapshot
from monitoring.effectiveness.models import Event, Participation
from monitoring.effectiveness.services import event_save
from orgs.models import StaffMember

from .models import Application, Assignment, Contest, Criterion, Juror, Nomination, Score, Stage
from .selectors import ranking, results_stage

LEVEL_ORDER = [Event.Level.SCHOOL, Event.Level.MUNICIPAL, Event.Level.REGIONAL, Event.Level.FEDERAL]
PRIZE_PLACES = 3  # first place wins, second and third are prize places


def _next_position(rows) -> int:
    return (rows.aggregate(m=Max("position"))["m"] or 0) + 1


def _open_for_changes(contest: Contest) -> None:
    if contest.results_published_at:
        raise ValidationError("Итоги конкурса опубликованы: изменить конкурс нельзя.")


@transaction.atomic
def contest_create(
    *, municipality, title: str, year: int, starts_on: datetime.date, regulation="", acting_user
) -> Contest:
    """A municipal contest on a new «конкурс» event of the municipality (the event is what
    the criteria and the road map count)."""
    event = Event(
        municipality=municipality,
        kind=Event.Kind.CONTEST,
        level=Event.Level.MUNICIPAL,
        title=title,
        starts_on=starts_on,
    )
    event_save(event=event, acting_user=acting_user)
    return contest_on_event(event=event, year=year, regulation=regulation, acting_user=acting_user)


@transaction.atomic
def contest_on_event(
    *, event: Event, year: int | None = None, regulation="", acting_user
) -> Contest:
    """Run a municipality's «конкурс» event already recorded as a contest for mentors: its
    participants so far stay, applications add to them."""
    if event.kind != Event.Kind.CONTEST or event.organisation_id or event.municipality_id is None:
        raise ValidationError("Конкурс наставников проводится на муниципальном конкурсе.")
    if event.level != Event.Level.MUNICIPAL:
        raise ValidationError(
            "Конкурс наставников проводит муниципалитет: уровень — муниципальный."
        )
    if Contest.objects.filter(event=event).exists():
        raise ValidationError("Этот конкурс уже проводится.")
    contest = Contest(
        event=event,
        year=year or event.starts_on.year,
        regulation=regulation,
        created_by=acting_user,
    )
    contest.copy_tenant_keys()
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def nomination_add(*, contest: Contest, title: str, acting_user) -> Nomination:
    _open_for_changes(contest)
    nomination = Nomination(
        contest=contest, title=title, position=_next_position(contest.nominations)
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def criterion_add(*, contest: Contest, name: str, max_points: int, acting_user) -> Criterion:
    _open_for_changes(contest)
    if contest.applications.filter(assignments__scores__isnull=False).exists():
        raise ValidationError("Жюри уже выставляет баллы: критерии менять нельзя.")
    if max_points < 1:
        raise ValidationError({"max_points": "Максимум баллов — не меньше 1."})
    criterion = Criterion(
        contest=contest, name=name, max_points=max_points, position=_next_position(contest.criteria)
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def stage_add(
    *,
    contest: Contest,
    level: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    advance: int | None = None,
    acting_user,
) -> Stage:
    """Stages go up the levels: school → municipal → regional. A regional stage records the
    municipality's participants in the regional contest's event."""
    _open_for_changes(contest)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "Окончание этапа не может быть раньше начала."})
    last = contest.stages.order_by("-position", "-pk").first()
    if last is not None and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(last.level):
        raise ValidationError(
            {"level": f"Следующий этап должен быть выше уровнем, чем «{last.title}»."}
        )
    stage = Stage(
        contest=contest,
        level=level,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        advance=advance,
        position=_next_position(contest.stages),
    )
    if level in (Event.Level.REGIONAL, Event.Level.FEDERAL):
        # The regional contest may already be recorded as the municipality's event that year.
        stage.event = Event.objects.filter(
            municipality=contest.municipality_id,
            organisation__isnull=True,
            kind=Event.Kind.CONTEST,
            level=level,
            title=title,
            starts_on__year=starts_on.year,
        ).first() or event_save(
            event=Event(
                municipality_id=contest.municipality_id,
                kind=Event.Kind.CONTEST,
                level=level,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
            ),
            acting_user=acting_user,
        )
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def juror_add(*, contest: Contest, person: StaffMember, acting_user) -> Juror:
    _open_for_changes(contest)
    if person.municipality_id != contest.municipality_id:
        raise ValidationError("В жюри входят педагоги школ этого муниципалитета.")
    if person.employment_status != StaffMember.Status.WORKS:
        raise ValidationError(f"{person.full_name} не работает в организации.")
    if contest.jurors.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} уже в жюри.")
    juror = Juror(contest=contest, person=person, organisation_id=person.organisation_id)
    juror.full_clean()
    juror.save()
    return juror


@transaction.atomic
def application_submit(
    *, contest: Contest, nomination: Nomination, person: StaffMember, summary: str, acting_user
) -> Application:
    """A mentor enters the contest at its first stage with the portfolio's figures of today;
    they are a participant of the contest's event from now on."""
    _open_for_changes(contest)
    first = contest.stages.order_by("position", "pk").first()
    if first is None or first.status != Stage.Status.OPEN:
        raise ValidationError("Приём заявок закрыт: первый этап конкурса не идёт.")
    if nomination.contest_id != contest.pk:
        raise ValidationError({"nomination": "Выберите номинацию этого конкурса."})
    if person.municipality_id != contest.municipality_id:
        raise ValidationError("Заявку подают наставники школ этого муниципалитета.")
    if person.employment_status != StaffMember.Status.WORKS:
        raise ValidationError(f"{person.full_name} не работает в организации.")
    if contest.applications.filter(person=person).exists():
        raise ValidationError(f"Заявка {person.full_name} на этот конкурс уже подана.")
    with person_scope(person):
        figures = snapshot(portfolio_of(person))
    participation = Participation.objects.filter(event=contest.event, person=person).first()
    if participation is None:
        participation = Participation.objects.create(
            event=contest.event, person=person, organisation_id=person.organisation_id
        )
    application = Application(
        contest=contest,
        nomination=nomination,
        person=person,
        organisation_id=person.organisation_id,
        stage=first,
        summary=summary,
        snapshot=figures,
        submitted_by=acting_user,
        participation=participation,
    )
    application.full_clean()
    application.save()
    return application


def _may_not_score_own(juror: Juror, application: Application) -> None:
    if juror.person_id == application.person_id:
        raise ValidationError("Наставник не может оценивать собственную заявку.")


@transaction.atomic
def assignment_add(*, application: Application, juror: Juror, acting_user) -> Assignment:
    """Give an application at its current stage to a member of the jury."""
    _open_for_changes(application.contest)
    if juror.contest_id != application.contest_id:
        raise ValidationError("Член жюри другого конкурса.")
    _may_not_score_own(juror, application)
    stage = application.stage
    if stage.status != Stage.Status.OPEN or application.dropped:
        raise ValidationError("Заявка не участвует в идущем этапе.")
    if Assignment.objects.filter(application=application, stage=stage, juror=juror).exists():
        raise ValidationError(f"Заявка уже передана: {juror.person.full_name}.")
    assignment = Assignment(
        application=application,
        stage=stage,
        juror=juror,
        organisation_id=application.organisation_id,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def scores_save(*, assignment: Assignment, points: dict[int, int], acting_user) -> Assignment:
    """The juror's points on every criterion of the rubric, each within its maximum."""
    application = assignment.application
    _open_for_changes(application.contest)
    _may_not_score_own(assignment.juror, application)
    if assignment.stage.status != Stage.Status.OPEN:
        raise ValidationError("Этап завершён: оценки не меняются.")
    errors = {}
    criteria = list(application.contest.criteria.all())
    if not criteria:
        raise ValidationError("В конкурсе ещё нет критериев оценки.")
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = "Выставьте баллы по критерию."
        elif not 0 <= value <= criterion.max_points:
            errors[f"criterion_{criterion.pk}"] = (
                f"От 0 до {criterion.max_points} баллов по критерию «{criterion.name}»."
            )
    if errors:
        raise ValidationError(errors)
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        Score(
            assignment=assignment,
            criterion=criterion,
            points=points[criterion.pk],
            region_id=assignment.region_id,
            municipality_id=assignment.municipality_id,
            organisation_id=assignment.organisation_id,
        )
        for criterion in criteria
    )
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["scored_at"])
    return assignment


@transaction.atomic
def stage_close(*, stage: Stage, acting_user) -> Stage:
    """Close a stage: the best of each nomination (``advance``; all when empty) go on to the
    next stage, the rest stay where they are. Going on to a regional stage makes them
    participants of the regional contest's event."""
    contest = stage.contest
    _open_for_changes(contest)
    if stage.status != Stage.Status.OPEN:
        raise ValidationError("Этап уже завершён.")
    if contest.stages.filter(position__lt=stage.position, status=Stage.Status.OPEN).exists():
        raise ValidationError("Сначала завершите предыдущий этап.")
    following = contest.stages.filter(position__gt=stage.position).order_by("position").first()
    if following is not None:
        for rows in ranking(stage).values():
            for row in rows:
                application = row.application
                if application.stage_id != stage.pk or application.dropped:
                    continue
                if stage.advance is None or (row.place is not None and row.place <= stage.advance):
                    _advance(application, following)
                else:
                    application.dropped = True
                    application.save(update_fields=["dropped", "updated_at"])
    stage.status = Stage.Status.CLOSED
    stage.save(update_fields=["status"])
    return stage


def _advance(application: Application, stage: Stage) -> None:
    application.stage = stage
    application.save(update_fields=["stage", "updated_at"])
    if (
        stage.event_id
        and not Participation.objects.filter(
            event=stage.event_id, person=application.person_id
        ).exists()
    ):
        Participation.objects.create(
            event_id=stage.event_id,
            person_id=application.person_id,
            organisation_id=application.organisation_id,
        )


@transaction.atomic
def results_publish(*, contest: Contest, acting_user) -> Contest:
    """Fix the places of the municipal stage's ranking: the first place wins, the next two
    are prize places; the contest's event records each participant's result, and the public
    page shows the ranking."""
    _open_for_changes(contest)
    stage = results_stage(contest)
    if stage is None or stage.status != Stage.Status.CLOSED:
        raise ValidationError("Итоги подводятся после завершения муниципального этапа.")
    for rows in ranking(stage).values():
        for row in rows:
            application = row.application
            application.place = row.place
            if row.place == 1:
                application.result = Application.Result.WINNER
            elif row.place is not None and row.place <= PRIZE_PLACES:
                application.result = Application.Result.PRIZE
            else:
                application.result = Application.Result.PARTICIPANT
            application.save(update_fields=["place", "result", "updated_at"])
            if application.participation_id:
                # The contest's event shows its participants' results: both move for a sync.
                Participation.objects.filter(pk=application.participation_id).update(
                    result=application.result, updated_at=timezone.now()
                )
    Event.objects.filter(pk=contest.event_id).update(updated_at=timezone.now())
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at", "updated_at"])
    return contest
