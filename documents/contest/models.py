"""The municipal contest for mentors (Kedrovy's road map: a contest from 2022, and the
municipality's participants in the regional «Лучшие практики наставничества» each year).

A contest is built on the generic «конкурс» event: the event is what the effectiveness
criteria and the road map count, and its participations are the contest's participants. This
app adds nominations, stages (school → municipal → regional), a rubric, a jury and scores.

Children without tenant keys (nominations, stages, criteria) are reached through their
scoped contest. Applications, jury assignments and scores belong to the applicant's school,
so a school sees its own and a juror reads theirs through the jury's door only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from monitoring.effectiveness.models import Event, Participation
from orgs.tenancy import PlaceOwned, TenantOwned


class Contest(PlaceOwned):
    event = models.OneToOneField(
        Event, on_delete=models.PROTECT, related_name="contest", verbose_name="мероприятие"
    )
    year = models.PositiveSmallIntegerField("год")
    regulation = models.TextField("положение о конкурсе (кратко)", blank=True)
    results_published_at = models.DateTimeField("итоги опубликованы", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant_parent = "event"

    class Meta:
        verbose_name = "конкурс наставников"
        verbose_name_plural = "конкурсы наставников"
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["updated_at"], name="contest_updated")]

    def __str__(self):
        return self.event.title


class Nomination(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    position = models.PositiveSmallIntegerField("№", default=0)
    title = models.CharField("номинация", max_length=300)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Stage(models.Model):
    """A stage of the contest. The regional stage records the municipality's participants in
    the regional contest's event, which the road map's indicator counts."""

    class Status(models.TextChoices):
        OPEN = "open", "идёт"
        CLOSED = "closed", "завершён"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField("№", default=0)
    level = models.CharField("уровень", max_length=10, choices=Event.Level.choices)
    title = models.CharField("этап", max_length=300)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    advance = models.PositiveSmallIntegerField(
        "проходят дальше (из номинации)",
        null=True,
        blank=True,
        help_text="Сколько лучших в каждой номинации проходят на следующий этап; пусто — все.",
    )
    status = models.CharField("статус", max_length=8, choices=Status.choices, default=Status.OPEN)
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="мероприятие этапа",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """A line of the rubric: what the jury scores and the most points it gives."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("№", default=0)
    name = models.CharField("критерий", max_length=300)
    max_points = models.PositiveSmallIntegerField("максимум баллов")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name} (до {self.max_points})"


class Juror(TenantOwned):
    """A member of the contest's jury: a teacher of the municipality with an account."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    person = models.ForeignKey(
        "orgs.StaffMember", on_delete=models.PROTECT, related_name="+", verbose_name="член жюри"
    )

    class Meta:
        verbose_name = "член жюри"
        verbose_name_plural = "жюри"
        constraints = [models.UniqueConstraint(fields=["contest", "person"], name="juror_once")]


class Application(TenantOwned):
    """A mentor's application: the portfolio's figures frozen when it was submitted."""

    class Result(models.TextChoices):
        PARTICIPANT = "participant", "участник"
        PRIZE = "prize", "призёр"
        WINNER = "winner", "победитель"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="applications")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="applications", verbose_name="номинация"
    )
    person = models.ForeignKey(
        "orgs.StaffMember", on_delete=models.PROTECT, related_name="+", verbose_name="наставник"
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="applications", verbose_name="этап"
    )
    dropped = models.BooleanField("не прошёл на следующий этап", default=False)
    summary = models.TextField("описание опыта наставничества")
    snapshot = models.JSONField("показатели портфолио на дату подачи", default=dict)
    submitted_at = models.DateTimeField("подана", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    place = models.PositiveSmallIntegerField("место", null=True, blank=True)
    result = models.CharField(
        "итог", max_length=12, choices=Result.choices, default=Result.PARTICIPANT
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "заявка на конкурс"
        verbose_name_plural = "заявки на конкурс"
        ordering = ["nomination__position", "submitted_at", "pk"]
        indexes = [models.Index(fields=["updated_at"], name="contest_application_updated")]
        constraints = [
            models.UniqueConstraint(fields=["contest", "person"], name="application_once")
        ]

    def __str__(self):
        return f"{self.person}: {self.nomination}"


class Assignment(TenantOwned):
    """An application given to one juror at one stage; only they score it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    scored_at = models.DateTimeField("оценено", null=True, blank=True)

    class Meta:
        verbose_name = "заявка члену жюри"
        verbose_name_plural = "заявки членам жюри"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "juror"], name="assignment_once"
            )
        ]


class Score(TenantOwned):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField("баллы")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")
        ]
