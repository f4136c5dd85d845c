"""The municipal contest for mentors: who runs it, who sees what, the jury's rules, the
frozen portfolio figures, results on the public page and the road map's counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.contest import services
from documents.contest.models import Application, Assignment, Contest, Nomination, Score
from documents.contest.selectors import ranking
from documents.portfolio.access import person_scope
from documents.portfolio.selectors import portfolio_of
from documents.publication import services as publication
from monitoring.effectiveness.models import Event, Participation
from monitoring.effectiveness.selectors import current_target_value
from orgs.models import Role
from tests.documents.contest.factories import YEAR, apply, contest_of, juror_user, regional_event
from tests.factories import StaffMemberFactory, member
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_only_the_methodist_of_the_municipality_runs_the_contest(client, cast):
    contest = contest_of(cast)
    url = reverse("contest:setup", args=[contest.pk, "nomination"])
    for user in (cast.curator_a, cast.director_a, cast.coordinator_r1):
        client.force_login(user)
        assert client.post(url, {"title": "Лишняя номинация"}).status_code == 403
        assert client.post(reverse("contest:publish", args=[contest.pk])).status_code == 403
    client.force_login(cast.methodist_m2)
    assert client.post(url, {"title": "Лишняя номинация"}).status_code == 404
    assert not Nomination.objects.filter(title="Лишняя номинация").exists()
    client.force_login(cast.methodist_m1)
    assert client.post(url, {"title": "Реверсивное наставничество"}).status_code == 302
    assert contest.nominations.filter(title="Реверсивное наставничество").exists()
    created = client.post(
        reverse("contest:municipality", args=[cast.m1.pk]),
        {"title": "Конкурс «Я наставник»", "year": YEAR, "starts_on": "2026-10-01"},
    )
    new = Contest.objects.get(event__title="Конкурс «Я наставник»")
    assert created.url == reverse("contest:detail", args=[new.pk])
    assert (new.event.kind, new.event.level) == (Event.Kind.CONTEST, Event.Level.MUNICIPAL)


def test_the_methodist_runs_a_recorded_contest_event_instead_of_a_second_one(client, cast):
    event = Event.objects.create(
        region=cast.region1,
        municipality=cast.m1,
        kind=Event.Kind.CONTEST,
        level=Event.Level.MUNICIPAL,
        title="Муниципальный конкурс «Наставник года»",
        starts_on=datetime.date(YEAR, 3, 10),
    )
    client.force_login(cast.curator_a)
    assert client.post(reverse("contest:from_event", args=[event.pk])).status_code == 403
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("monitoring:effectiveness:event", args=[event.pk]))
    assert "Провести как конкурс наставников" in page.content.decode()
    client.post(reverse("contest:from_event", args=[event.pk]))
    assert Contest.objects.get().event == event
    assert Event.objects.filter(kind=Event.Kind.CONTEST).count() == 1


def test_a_municipal_contest_is_visible_to_its_schools_and_nobody_else(client, cast):
    contest = contest_of(cast)
    url = reverse("contest:detail", args=[contest.pk])
    curator_a2 = member(Role.CURATOR, cast.school_a2, username="curator_a2")
    for user, status in (
        (cast.curator_a, 200),
        (curator_a2, 200),
        (cast.director_a, 200),
        (cast.methodist_m1, 200),
        (cast.methodist_m2, 404),
        (cast.curator_b, 404),
        (cast.mentor_a, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_a_school_sees_its_own_applications_only(client, cast):
    contest = contest_of(cast)
    mine = apply(contest, cast.teacher_a, cast.curator_a)
    curator_a2 = member(Role.CURATOR, cast.school_a2, username="curator_a2")
    theirs = apply(contest, cast.teacher_a2, curator_a2)
    client.force_login(curator_a2)
    page = client.get(reverse("contest:detail", args=[contest.pk])).content.decode()
    assert cast.teacher_a2.last_name in page and cast.teacher_a.last_name not in page
    assert client.get(reverse("contest:application", args=[mine.pk])).status_code == 404
    assert client.get(reverse("contest:application", args=[theirs.pk])).status_code == 200
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("contest:detail", args=[contest.pk])).content.decode()
    assert cast.teacher_a2.last_name in page and cast.teacher_a.last_name in page


def test_a_curator_applies_for_their_own_teachers_only(client, cast):
    contest = contest_of(cast)
    client.force_login(cast.curator_a)
    url = reverse("contest:apply", args=[contest.pk, cast.school_a.pk])
    data = {
        "nomination": contest.nominations.first().pk,
        "summary": "Опыт наставничества",
    }
    other_school = reverse("contest:apply", args=[contest.pk, cast.school_a2.pk])
    assert client.get(other_school).status_code == 404
    response = client.post(url, {**data, "person": cast.teacher_a2.pk})
    assert response.status_code == 200  # not a choice of this curator
    assert not Application.objects.exists()
    response = client.post(url, {**data, "person": cast.teacher_a.pk})
    application = Application.objects.get()
    assert response.url == reverse("contest:application", args=[application.pk])
    # The applicant takes part in the contest's event: the criteria count them from now on.
    assert Participation.objects.filter(event=contest.event, person=cast.teacher_a).exists()


def test_the_application_freezes_the_portfolio_figures_of_its_day(client, cast):
    contest = contest_of(cast)
    mentee = StaffMemberFactory(organisation=cast.school_a)
    PairFactory(programme__organisation=cast.school_a, mentors=[cast.teacher_a], mentees=[mentee])
    application = apply(contest, cast.teacher_a, cast.curator_a)
    with person_scope(cast.teacher_a):
        now = portfolio_of(cast.teacher_a)
    assert application.snapshot["pairs"] == len(now.pairs) == 1
    assert application.snapshot["mentoring_years"] == now.mentoring_years
    PairFactory(programme__organisation=cast.school_a, mentors=[cast.teacher_a])
    application.refresh_from_db()
    assert application.snapshot["pairs"] == 1
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("contest:application", args=[application.pk])).content.decode()
    assert "Пар и групп" in page


@pytest.fixture
def judged(cast):
    """Two applications of M1 and two jurors; juror 1 has application 1 only."""
    contest = contest_of(cast)
    first = apply(contest, cast.teacher_a, cast.curator_a)
    second = apply(contest, cast.teacher_a2, cast.curator_a)
    juror_1 = juror_user(cast.school_a2, "juror_1", last_name="Кергилова")
    juror_2 = juror_user(cast.school_a2, "juror_2", last_name="Тюлюнова")
    jurors = [
        services.juror_add(contest=contest, person=u.staff_member, acting_user=cast.methodist_m1)
        for u in (juror_1, juror_2)
    ]
    mine = services.assignment_add(
        application=first, juror=jurors[0], acting_user=cast.methodist_m1
    )
    theirs = services.assignment_add(
        application=second, juror=jurors[1], acting_user=cast.methodist_m1
    )
    return contest, juror_1, mine, theirs


def _by_criterion(contest, *values) -> dict[int, int]:
    return {c.pk: v for c, v in zip(contest.criteria.all(), values, strict=True)}


def _points(contest, *values):
    return {f"criterion_{c.pk}": v for c, v in zip(contest.criteria.all(), values, strict=True)}


def test_a_juror_scores_only_the_applications_given_to_them(client, cast, judged):
    contest, juror_1, mine, theirs = judged
    client.force_login(juror_1)
    jury = client.get(reverse("contest:jury")).content.decode()
    assert cast.teacher_a.last_name in jury and cast.teacher_a2.last_name not in jury
    assert client.get(reverse("contest:score", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("contest:score", args=[theirs.pk]), _points(contest, 9, 4))
    assert response.status_code == 404
    assert not Score.objects.exists()
    client.post(reverse("contest:score", args=[mine.pk]), _points(contest, 9, 4))
    assert sorted(Score.objects.values_list("points", flat=True)) == [4, 9]
    # The rubric's maximum holds: 11 of 10 points is refused, nothing changes.
    response = client.post(reverse("contest:score", args=[mine.pk]), _points(contest, 11, 4))
    assert response.status_code == 200
    assert sorted(Score.objects.values_list("points", flat=True)) == [4, 9]
    for outsider in (cast.curator_a, cast.methodist_m1, cast.mentor_a):
        client.force_login(outsider)
        assert client.get(reverse("contest:score", args=[mine.pk])).status_code == 404


def test_a_mentor_cannot_score_their_own_application(client, cast, judged):
    contest, juror_1, mine, _ = judged
    own = apply(contest, juror_1.staff_member, cast.curator_a)  # a school A2 teacher applies
    juror = contest.jurors.get(person=juror_1.staff_member)
    with pytest.raises(ValidationError, match="не может оценивать собственную заявку"):
        services.assignment_add(application=own, juror=juror, acting_user=cast.methodist_m1)
    client.force_login(cast.methodist_m1)
    response = client.post(
        reverse("contest:assign", args=[own.pk]), {"juror": juror.pk}, follow=True
    )
    assert "не может оценивать собственную заявку" in _messages(response)
    assert not Assignment.objects.filter(application=own).exists()
    # Even an assignment made before they applied does not let them score it.
    forged = Assignment.objects.create(
        application=own, stage=own.stage, juror=juror, organisation_id=own.organisation_id
    )
    with pytest.raises(ValidationError, match="не может оценивать собственную заявку"):
        services.scores_save(
            assignment=forged,
            points={c.pk: 1 for c in contest.criteria.all()},
            acting_user=juror_1,
        )


def test_stages_go_up_the_levels(cast):
    contest = contest_of(cast, stages=("municipal",))
    with pytest.raises(ValidationError, match="выше уровнем"):
        services.stage_add(
            contest=contest,
            level=Event.Level.SCHOOL,
            title="Школьный этап",
            starts_on=datetime.date(YEAR, 5, 1),
            ends_on=datetime.date(YEAR, 5, 20),
            acting_user=cast.methodist_m1,
        )


def test_results_rank_the_winners_count_for_the_road_map_and_go_public(client, cast, judged):
    contest, juror_1, mine, theirs = judged
    services.scores_save(
        assignment=mine,
        points=_by_criterion(contest, 9, 5),
        acting_user=juror_1,
    )
    services.scores_save(
        assignment=theirs,
        points=_by_criterion(contest, 6, 3),
        acting_user=juror_1,
    )
    municipal = contest.stages.get(level=Event.Level.MUNICIPAL)
    rows = next(iter(ranking(municipal).values()))
    assert [(r.application.person, r.score, r.place) for r in rows] == [
        (cast.teacher_a, 14, 1),
        (cast.teacher_a2, 9, 2),
    ]
    client.force_login(cast.methodist_m1)
    client.post(reverse("contest:stage_close", args=[municipal.pk]))
    # The best of the nomination goes on to the regional contest and is counted there.
    advanced = Application.objects.get(person=cast.teacher_a)
    assert advanced.stage.level == Event.Level.REGIONAL
    assert Application.objects.get(person=cast.teacher_a2).dropped
    assert list(
        Participation.objects.filter(event=regional_event(contest)).values_list("person", flat=True)
    ) == [cast.teacher_a.pk]
    assert current_target_value("regional_contest_people", municipality=cast.m1, year=YEAR) == 1
    assert current_target_value("municipal_contests", municipality=cast.m1, year=YEAR) == 1

    publication.page_save(
        place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True
    )
    public = reverse("public:municipality", args=["ongudai"])
    client.logout()
    assert "Итоги:" not in client.get(public).content.decode()
    client.force_login(cast.methodist_m1)
    client.post(reverse("contest:publish", args=[contest.pk]))
    advanced.refresh_from_db()
    assert (advanced.place, advanced.result) == (1, Application.Result.WINNER)
    assert Participation.objects.get(event=contest.event, person=cast.teacher_a).result == (
        Participation.Result.WINNER
    )
    publication.author_consent_set(staff=cast.teacher_a, consent=True, acting_user=cast.curator_a)
    client.logout()
    page = client.get(public).content.decode()
    assert "Итоги: Муниципальный конкурс «Наставник года»" in page
    assert cast.teacher_a.full_name in page  # consented to be named
    assert cast.teacher_a2.last_name not in page  # did not: their school stands for them
    # Published results are final.
    contest.refresh_from_db()
    with pytest.raises(ValidationError, match="опубликованы"):
        services.nomination_add(contest=contest, title="Ещё", acting_user=cast.methodist_m1)


def test_the_mentor_finds_their_application_in_their_portfolio(client, cast):
    contest = contest_of(cast)
    apply(contest, cast.teacher_a, cast.curator_a)
    client.force_login(cast.mentor_a)
    page = client.get(reverse("portfolio:detail", args=[cast.teacher_a.pk])).content.decode()
    assert "Заявки на конкурсы наставников" in page
    assert "номинация «Наставник молодого педагога»: этап «Муниципальный этап»" in page


def test_the_contest_page_costs_the_same_queries_for_two_applications_or_six(
    client, cast, django_assert_max_num_queries
):
    contest = contest_of(cast)
    url = reverse("contest:detail", args=[contest.pk])
    client.force_login(cast.methodist_m1)
    for person in (cast.teacher_a, cast.teacher_a2):
        apply(contest, person, cast.curator_a)
    client.get(url)  # the memberships and the bell's counts, cached
    # session, user, contest, stages ×2 (list, current), nominations, criteria, applications,
    # jurors, current stage's ranking (stage, scores, applications), results' stage and
    # ranking (stage ×2, scores, applications), the nav's and messages' reads: at most 25.
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    two = len(few.captured_queries)  # read now: the next request clears the log
    for _ in range(4):
        apply(contest, StaffMemberFactory(organisation=cast.school_a), cast.curator_a)
    client.get(url)  # the bell's counts, cached under the data versions the writes raised
    with django_assert_max_num_queries(two):
        client.get(url)
