"""Methodical series for young specialists: who holds and edits a series, who reads it,
sessions with materials and attendance, attendance and sessions led counted by the
effectiveness criteria, and sessions shown in the participants' plans."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.effectiveness import services
from monitoring.effectiveness.models import Attendance, Event, Participation, Session
from monitoring.effectiveness.selectors import (
    compute_indicator,
    current_target_value,
    sessions_for_people,
)
from orgs.models import Role, StaffMember
from tests.factories import StaffMemberFactory, UserFactory, member
from tests.pairs.factories import PairFactory, PlanFactory, ProgrammeFactory

from .factories import staff

pytestmark = pytest.mark.django_db
E = "monitoring:effectiveness:"
YEAR = 2026
YOUNG = {
    "career_started_on": datetime.date(YEAR - 1, 9, 1),
    "hired_on": datetime.date(YEAR - 1, 9, 1),
}


def url(name, *args):
    return reverse(E + name, args=args)


def series(place, *, school: bool = False, title="Школа молодого педагога") -> Event:
    event = Event(
        municipality_id=place.municipality_id if school else place.pk,
        organisation=place if school else None,
        kind=Event.Kind.SERIES,
        title=title,
        starts_on=datetime.date(YEAR, 9, 1),
        ends_on=datetime.date(YEAR + 1, 5, 31),
    )
    if not school:
        event.municipality = place
    return services.series_save(event=event, acting_user=None)


def session(event, *, day=datetime.date(YEAR, 10, 15), leader=None, topic="Самоанализ урока"):
    return services.session_save(
        session=Session(
            event=event, date=day, topic=topic, leader=leader, leader_name="" if leader else "ЦНППМ"
        ),
        acting_user=None,
    )


def enrol(event, *people):
    for person in people:
        services.series_enrol(event=event, person=person, acting_user=None)


# --- who holds, edits and reads a series --------------------------------------------------


def test_a_methodist_creates_a_municipal_series_and_a_curator_a_school_one(client, cast):
    client.force_login(cast.methodist_m1)
    data = {"kind": "series", "title": "Школа молодого педагога", "starts_on": "2026-09-01"}
    response = client.post(url("municipality_series", cast.m1.pk), data)
    municipal = Event.objects.get(title="Школа молодого педагога")
    assert response.url == url("series", municipal.pk)
    assert (municipal.level, municipal.organisation_id) == ("municipal", None)

    client.force_login(cast.curator_a)
    data["title"] = "Школа молодого учителя СОШ"
    client.post(url("organisation_series", cast.school_a.pk), data)
    school = Event.objects.get(title="Школа молодого учителя СОШ")
    assert (school.level, school.organisation_id) == ("school", cast.school_a.pk)
    page = client.get(url("organisation_series", cast.school_a.pk)).content.decode()
    assert "Школа молодого педагога" in page  # the municipality's series is read by its school
    assert "Школа молодого учителя СОШ" in page


@pytest.mark.parametrize(
    "who, school_series, status",
    [
        ("methodist_m1", False, 302),
        ("curator_a", False, 403),  # a school reads the municipality's series, never edits it
        ("director_a", True, 403),
        ("methodist_m1", True, 403),  # a school's series is the curator's
        ("curator_a", True, 302),
    ],
)
def test_only_the_holder_of_a_series_adds_sessions(client, cast, who, school_series, status):
    event = series(cast.school_a if school_series else cast.m1, school=school_series)
    client.force_login(getattr(cast, who))
    data = {"action": "session", "date": "2026-10-01", "topic": "Портфолио", "leader_name": "Гость"}
    response = client.post(url("series", event.pk), data)
    assert response.status_code == status
    assert Session.objects.filter(event=event).exists() == (status == 302)


def test_a_session_outside_the_series_dates_or_without_a_leader_is_refused(client, cast):
    event = series(cast.m1)
    client.force_login(cast.methodist_m1)
    page = url("series", event.pk)
    late = {"action": "session", "date": "2027-07-01", "topic": "Итоги", "leader_name": "Гость"}
    assert "Дата вне сроков серии" in client.post(page, late).content.decode()
    nobody = {"action": "session", "date": "2026-10-01", "topic": "Итоги"}
    assert "Укажите, кто ведёт занятие" in client.post(page, nobody).content.decode()
    assert not Session.objects.exists()


def test_participants_read_their_series_and_others_do_not(client, cast):
    event = series(cast.m1)
    first = session(event)
    outsider = UserFactory(
        username="teacher_a2",
        staff_member=StaffMemberFactory(organisation=cast.school_a2, last_name="Чужая"),
    )
    client.force_login(cast.mentor_a)  # a teacher of school A with no role: not enrolled yet
    assert client.get(url("series", event.pk)).status_code == 404
    enrol(event, cast.teacher_a)
    page = client.get(url("series", event.pk)).content.decode()
    assert "Школа молодого педагога" in page and "Самоанализ урока" in page
    assert client.get(url("session", first.pk)).status_code == 200
    # Reading is not editing.
    data = {"action": "session", "date": "2026-10-01", "topic": "Чужое", "leader_name": "Я"}
    assert client.post(url("series", event.pk), data).status_code == 403
    client.force_login(outsider)
    assert client.get(url("series", event.pk)).status_code == 404
    assert client.get(url("session", first.pk)).status_code == 404


def test_a_school_series_takes_only_the_schools_teachers(cast):
    event = series(cast.school_a, school=True)
    with pytest.raises(Exception, match="только педагоги этой школы"):
        enrol(event, cast.teacher_a2)
    with pytest.raises(Exception, match="ведут педагоги этой школы"):
        session(event, leader=cast.teacher_a2)


# --- sessions: materials and attendance -------------------------------------------------------


def test_the_methodist_marks_attendance_of_enrolled_teachers_only(client, cast):
    event = series(cast.m1)
    first = session(event)
    enrol(event, cast.teacher_a, cast.teacher_a2)
    client.force_login(cast.methodist_m1)
    page = url("session", first.pk)
    client.post(page, {"action": "attendance", "present": [cast.teacher_a.pk]})
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [cast.teacher_a.pk]
    client.post(page, {"action": "attendance", "present": [cast.teacher_a2.pk]})
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [cast.teacher_a2.pk]
    stranger = StaffMemberFactory(organisation=cast.school_a, last_name="Чужая")
    client.post(page, {"action": "attendance", "present": [stranger.pk]})
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [cast.teacher_a2.pk]
    # The series page shows the grid: one of one session attended.
    grid = client.get(url("series", event.pk)).content.decode()
    assert "1 из 1" in grid


def test_materials_are_files_or_links_and_files_are_read_through_access(client, cast):
    event = series(cast.school_a, school=True)
    first = session(event)
    client.force_login(cast.curator_a)
    page = url("session", first.pk)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 the plan", content_type="application/pdf")
    client.post(page, {"action": "material", "title": "Памятка", "file": pdf})
    client.post(page, {"action": "material", "title": "Вебинар", "url": "https://example.ru/w"})
    both = client.post(
        page,
        {
            "action": "material",
            "title": "Оба",
            "url": "https://example.ru/x",
            "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"),
        },
    )
    assert "что-то одно" in both.content.decode()
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf")
    assert "Памятка" in client.post(page, {"action": "material", "file": fake}).content.decode()
    materials = list(first.materials.order_by("pk"))
    assert [m.title for m in materials] == ["Памятка", "Вебинар"]
    download = client.get(url("material_file", materials[0].pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 the plan"
    client.force_login(cast.curator_b)
    assert client.get(url("material_file", materials[0].pk)).status_code == 404


# --- the effectiveness criteria -----------------------------------------------------------


def test_attendance_of_young_specialists_is_counted_by_its_indicator(cast):
    young = staff(cast.school_a, 4, **YOUNG)
    event = series(cast.m1)
    first, second = session(event), session(event, day=datetime.date(YEAR, 11, 12))
    enrol(event, *young[:3])
    services.attendance_set(session=first, present=young[:2], acting_user=None)
    services.attendance_set(session=second, present=young[1:3], acting_user=None)
    got = compute_indicator("young_sessions", organisation=cast.school_a, year=YEAR)
    assert got.value == 75  # three of the four young specialists came at least once
    assert got.note.endswith("3 из 4")
    assert compute_indicator("young_sessions", organisation=cast.school_a, year=YEAR + 1).value == 0


def test_a_session_led_by_a_mentor_counts_as_a_talk_and_as_a_support_event(cast):
    pair = PairFactory(programme=ProgrammeFactory(organisation=cast.school_a))
    mentor = pair.members.get(role="mentor").staff
    before = compute_indicator("mentor_talks", organisation=cast.school_a, year=YEAR).value
    support = current_target_value("support_events", municipality=cast.m1, year=YEAR)
    event = series(cast.m1)
    session(event, leader=mentor)
    session(event, leader=mentor, day=datetime.date(YEAR, 12, 3))
    session(event)  # led by a guest: a support event, not a mentor's talk
    talks = compute_indicator("mentor_talks", organisation=cast.school_a, year=YEAR)
    assert talks.value == before + 2
    assert "занятий методических серий: 2" in talks.note
    assert current_target_value("support_events", municipality=cast.m1, year=YEAR) == support + 3


def test_the_methodist_can_choose_the_attendance_indicator(cast):
    from monitoring.effectiveness.models import Indicator

    assert "young_sessions" in Indicator.Computed.values


# --- sessions in plans and «Моё наставничество» ---------------------------------------------


def _mentee_with_plan(cast):
    pair = PairFactory(programme=ProgrammeFactory(organisation=cast.school_a))
    mentee = pair.members.get(role="mentee").staff
    plan = PlanFactory(
        pair=pair,
        mentee=mentee,
        starts_on=datetime.date(YEAR, 9, 1),
        ends_on=datetime.date(YEAR + 1, 6, 30),
    )
    return mentee, plan


def test_the_plan_page_shows_the_mentees_sessions_with_attendance(client, cast):
    mentee, plan = _mentee_with_plan(cast)
    event = series(cast.m1)
    came = session(event, topic="Как выстроить урок")
    session(event, topic="Работа с родителями", day=datetime.date(YEAR + 1, 2, 10))
    other = series(cast.m1, title="Панорама наставничества")
    session(other, topic="Чужая тема")
    enrol(event, mentee)
    services.attendance_set(session=came, present=[mentee], acting_user=None)
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:plan", args=[plan.pk])).content.decode()
    assert "Методические занятия наставляемого" in page
    assert "Как выстроить урок" in page and "посещено" in page
    assert "Работа с родителями" in page
    assert "Чужая тема" not in page  # a series the mentee is not in


def test_sessions_of_several_people_say_whom_each_concerns_and_who_attended(cast):
    """A session is a person's when they are enrolled in its series or lead it; attendance is
    each person's own; sessions of other dates and of other series stay out."""
    event = series(cast.m1)
    other = series(cast.m1, title="Панорама наставничества")
    enrol(event, cast.teacher_a, cast.teacher_a2)
    first = session(event)
    led = session(other, leader=cast.teacher_a, day=datetime.date(YEAR, 11, 5))
    session(event, day=datetime.date(YEAR + 1, 3, 3))  # after the dates asked
    session(other)  # in a series neither is enrolled in, led by a guest
    services.attendance_set(session=first, present=[cast.teacher_a2], acting_user=None)
    a, a2 = cast.teacher_a.pk, cast.teacher_a2.pk
    rows = sessions_for_people(
        [a, a2], start=datetime.date(YEAR, 9, 1), end=datetime.date(YEAR, 12, 31)
    )
    assert [(r.session_id, r.person_id, r.leads, r.attended) for r in rows] == [
        (first.pk, a, False, False),
        (first.pk, a2, False, True),
        (led.pk, a, True, False),
    ]


def test_my_mentoring_lists_my_sessions_and_the_ones_i_lead(client, cast):
    event = series(cast.m1)
    enrol(event, cast.teacher_a)
    session(event, topic="Самоанализ урока")
    leader = StaffMember.objects.get(pk=cast.teacher_a2.pk)
    session(event, topic="Мастер-класс наставника", leader=leader)
    client.force_login(cast.mentor_a)
    page = client.get(reverse("pairs:my")).content.decode()
    assert "Самоанализ урока" in page and "Мастер-класс наставника" in page
    led = UserFactory(username="leader_a2", staff_member=leader)
    client.force_login(led)
    page = client.get(reverse("pairs:my")).content.decode()
    assert "Мастер-класс наставника" in page and "веду занятие" in page
    assert "Самоанализ урока" not in page
    # Leading a session lets the leader read the series.
    assert client.get(url("series", event.pk)).status_code == 200


def test_a_participant_sees_only_his_own_schools_people_in_a_municipal_series(client, cast):
    event = series(cast.m1)
    enrol(event, cast.teacher_a, cast.teacher_a2)
    client.force_login(cast.mentor_a)
    page = client.get(url("series", event.pk)).content.decode()
    assert cast.teacher_a.last_name in page
    assert cast.teacher_a2.last_name not in page
    client.force_login(cast.methodist_m1)
    page = client.get(url("series", event.pk)).content.decode()
    assert cast.teacher_a.last_name in page and cast.teacher_a2.last_name in page


def test_enrolment_is_a_participation_on_the_staff_card(cast):
    event = series(cast.m1)
    enrol(event, cast.teacher_a)
    participation = Participation.objects.get(event=event)
    assert (participation.person_id, participation.role) == (cast.teacher_a.pk, "participant")


def test_a_curator_of_another_school_gets_the_municipal_series_read_only(client, cast):
    event = series(cast.m1)
    curator_a2 = member(Role.CURATOR, cast.school_a2, username="curator_a2")
    client.force_login(curator_a2)
    page = client.get(url("series", event.pk))
    assert page.status_code == 200
    assert "Добавить занятие" not in page.content.decode()


def test_the_personal_calendar_carries_my_sessions(client, cast):
    from pairs import services as pair_services

    event = series(cast.m1)
    enrol(event, cast.teacher_a)
    session(event, topic="Самоанализ урока")
    token = pair_services.calendar_token_renew(user=cast.mentor_a)
    feed = client.get(reverse("pairs:calendar", args=[token])).content.decode()
    feed = feed.replace("\r\n ", "")  # long lines are folded
    assert "Школа молодого педагога: Самоанализ урока" in feed
    assert "DTSTART;VALUE=DATE:20261015" in feed


def test_the_series_and_session_pages_keep_a_constant_query_count(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = series(cast.m1)
    people = staff(cast.school_a, 12, **YOUNG) + staff(cast.school_a2, 12, **YOUNG)
    client.force_login(cast.methodist_m1)
    client.get(reverse("ping"))  # the memberships are read once, then cached

    def queries(sessions, enrolled):
        for number in range(sessions - event.sessions.count()):
            added = session(event, day=datetime.date(YEAR, 9, 2 + number))
            added.materials.create(title="Памятка", url="https://example.ru/m")
        enrol(event, *people[Participation.objects.filter(event=event).count() : enrolled])
        for each in event.sessions.all():
            services.attendance_set(session=each, present=people[:enrolled], acting_user=None)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("series", event.pk)).status_code == 200
        with CaptureQueriesContext(connection) as session_page:
            first = event.sessions.order_by("pk").first()
            assert client.get(url("session", first.pk)).status_code == 200
        return len(captured), len(session_page)

    assert queries(2, 4) == queries(9, 24)
