"""Routes of the mentor's portfolio and the municipal contest: an object of school A (or of
municipality M1, which its schools read) and text that must never reach an outsider."""

from __future__ import annotations

from tests.isolation.objects import Victim, school_a


def _contest(c):
    """A contest of M1 with an application of school A given to a juror (once per test)."""
    from documents.contest import services
    from tests.documents.contest.factories import apply, contest_of, juror_user

    if not hasattr(c, "_contest"):
        c._contest = contest_of(c)
        c._application = apply(c._contest, c.teacher_a, c.curator_a)
        juror = juror_user(c.school_a, "juror_a", last_name="Кыдатова")
        c._assignment = services.assignment_add(
            application=c._application,
            juror=services.juror_add(
                contest=c._contest, person=juror.staff_member, acting_user=c.methodist_m1
            ),
            acting_user=c.methodist_m1,
        )
    return c._contest


def _victims() -> dict[str, Victim]:
    def teacher(c):
        return {"pk": c.teacher_a.pk}

    def surname(c):
        return c.teacher_a.last_name

    def m1(c):
        return c.m1

    def contest(c):
        return {"pk": _contest(c).pk}

    def application(c):
        return {"pk": (_contest(c), c._application)[1].pk}

    def assignment(c):
        return {"pk": (_contest(c), c._assignment)[1].pk}

    def stage(c):
        return {"pk": _contest(c).stages.first().pk}

    def event(c):
        from monitoring.effectiveness.models import Event

        return {
            "pk": Event.objects.create(
                region=c.region1,
                municipality=c.m1,
                kind=Event.Kind.CONTEST,
                level=Event.Level.MUNICIPAL,
                title="Конкурс М1 «Тайный наставник»",
                starts_on="2026-03-01",
            ).pk
        }

    def nomination(c):
        return "Наставник молодого педагога"

    return {
        "portfolio:detail": Victim(teacher, school_a, surname),
        "portfolio:pdf": Victim(teacher, school_a, surname),
        "contest:municipality": Victim(
            lambda c: {"pk": _contest(c).municipality_id}, m1, nomination
        ),
        "contest:detail": Victim(contest, m1, nomination),
        "contest:setup": Victim(lambda c: {**contest(c), "part": "nomination"}, m1, nomination),
        "contest:apply": Victim(
            lambda c: {**contest(c), "organisation": c.school_a.pk}, school_a, surname
        ),
        "contest:publish": Victim(contest, m1, nomination),
        "contest:from_event": Victim(event, m1, lambda c: "Тайный наставник"),
        "contest:stage_close": Victim(stage, m1, nomination),
        "contest:application": Victim(application, school_a, surname),
        "contest:assign": Victim(application, school_a, surname),
        "contest:score": Victim(assignment, school_a, surname),
    }


VICTIMS = _victims()
