import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import DeficitArea, StaffMember
from pairs.forms import ActivityForm
from pairs.models import LogEntry, Pair, PairMember, Plan, PlanActivity, PlanTemplate, Programme
from tests.factories import StaffMemberFactory
from tests.forms import version_of

from .factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    PlanFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def young(organisation, **fields):
    return StaffMemberFactory(
        organisation=organisation,
        career_started_on=datetime.date(2024, 9, 1),
        hired_on=datetime.date(2024, 9, 1),
        **fields,
    )


@pytest.fixture
def programme(cast):
    return ProgrammeFactory(organisation=cast.school_a)


def pair_post(programme, mentors, mentees, **extra):
    data = {
        "programme": programme.pk,
        "mentors": [m.pk for m in mentors],
        "mentees": [m.pk for m in mentees],
        "status": "active",
        "format": "traditional",
        "model_element": "adaptation",
        "mentor_type": "consultant",
        "mentee_category": "young_specialist",
        "starts_on": "2025-09-01",
        "planned_end_on": "",
        "consent_status": "given",
        "consent_on": "2025-08-25",
        "agreement_status": "none",
    }
    data.update(extra)
    return data


# --- programmes -------------------------------------------------------------------------


def test_a_curator_creates_edits_and_closes_a_programme(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("pairs:programme_create", args=[cast.school_a.pk])
    response = client.post(
        url,
        {
            "title": "Учитель – учитель",
            "form": "custom",
            "custom_form": "",
            "starts_on": "2025-09-01",
            "ends_on": "2026-08-31",
            "status": "active",
        },
    )
    assert "Для другой формы наставничества укажите её название." in response.content.decode()
    assert not Programme.objects.exists()
    response = client.post(
        url,
        {
            "title": "Учитель – учитель",
            "form": "custom",
            "custom_form": "«практикант вуза – учитель»",
            "starts_on": "2025-09-01",
            "ends_on": "2026-08-31",
            "status": "active",
        },
    )
    programme = Programme.objects.get()
    assert programme.organisation == cast.school_a and programme.municipality == cast.m1
    page = client.get(reverse("pairs:programmes", args=[cast.school_a.pk])).content.decode()
    assert "«практикант вуза – учитель»" in page
    PairFactory(programme=programme)
    client.post(reverse("pairs:programme_close", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == "active"
    Pair.objects.update(status="completed")
    client.post(reverse("pairs:programme_close", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == "closed"


def test_programmes_are_hidden_from_outsiders_and_read_only_for_the_director(client, cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    client.force_login(cast.curator_b)
    assert client.get(reverse("pairs:programmes", args=[cast.school_a.pk])).status_code == 404
    assert client.post(reverse("pairs:programme_close", args=[programme.pk])).status_code == 404
    client.force_login(cast.director_a)
    assert client.get(reverse("pairs:programmes", args=[cast.school_a.pk])).status_code == 200
    assert client.post(reverse("pairs:programme_close", args=[programme.pk])).status_code == 403
    url = reverse("pairs:programme_create", args=[cast.school_a.pk])
    assert client.get(url).status_code == 403


# --- pairs ------------------------------------------------------------------------------


def test_a_curator_creates_a_pair(client, cast, programme):
    mentee = young(cast.school_a)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:create", args=[cast.school_a.pk]),
        pair_post(programme, [cast.teacher_a], [mentee]),
    )
    pair = Pair.objects.get()
    assert response.status_code == 302 and response.url == reverse("pairs:detail", args=[pair.pk])
    assert pair.status == "active" and pair.planned_end_on == datetime.date(2026, 9, 1)
    assert pair.created_by == cast.curator_a
    page = client.get(response.url).content.decode()
    assert mentee.full_name in page and "нет плана" in page


def test_the_pair_form_shows_the_rules_in_russian_and_saves_nothing(client, cast, programme):
    client.force_login(cast.curator_a)
    url = reverse("pairs:create", args=[cast.school_a.pk])
    response = client.post(url, pair_post(programme, [cast.teacher_a], [cast.teacher_a]))
    assert "Наставник и наставляемый должны быть разными людьми." in response.content.decode()
    response = client.post(
        url,
        pair_post(
            programme,
            [cast.teacher_a],
            [young(cast.school_a)],
            starts_on="2025-09-01",
            planned_end_on="2025-06-01",
        ),
    )
    assert "Дата окончания должна быть позже даты начала." in response.content.decode()
    assert not Pair.objects.exists() and not PairMember.objects.exists()


def test_ids_from_another_organisation_are_refused(client, cast, programme):
    client.force_login(cast.curator_a)
    url = reverse("pairs:create", args=[cast.school_a.pk])
    # A mentee of another school and a programme of another school are not valid choices.
    response = client.post(url, pair_post(programme, [cast.teacher_a], [cast.teacher_b]))
    assert "Выберите корректный вариант" in response.content.decode()
    foreign = ProgrammeFactory(organisation=cast.school_b)
    response = client.post(url, pair_post(foreign, [cast.teacher_a], [young(cast.school_a)]))
    assert "Выберите корректный вариант" in response.content.decode()
    # A mentor from another region is not a network mentor.
    response = client.post(url, pair_post(programme, [cast.teacher_b], [young(cast.school_a)]))
    assert "Выберите корректный вариант" in response.content.decode()
    # Another school's URL answers 404.
    response = client.post(
        reverse("pairs:create", args=[cast.school_b.pk]),
        pair_post(foreign, [cast.teacher_b], [young(cast.school_b)]),
    )
    assert response.status_code == 404
    assert not Pair.objects.exists()


def test_a_network_mentor_from_the_municipality_is_accepted(client, cast, programme):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:create", args=[cast.school_a.pk]),
        pair_post(programme, [cast.teacher_a2], [young(cast.school_a)], format="network"),
    )
    assert response.status_code == 302
    pair = Pair.objects.get()
    assert pair.members.get(role="mentor").staff == cast.teacher_a2
    assert cast.teacher_a2.organisation.short_name in client.get(response.url).content.decode()


def test_the_type_ahead_finds_own_staff_and_network_mentors(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("pairs:staff_search", args=[cast.school_a.pk])
    page = client.get(url, {"q": "Тады", "role": "mentees"}).content.decode()
    assert cast.teacher_a.full_name in page
    page = client.get(url, {"q": "Ябыш", "role": "mentors"}).content.decode()
    assert cast.teacher_a2.full_name not in page
    page = client.get(url, {"q": "Ябыш", "role": "mentors", "network": "1"}).content.decode()
    assert cast.teacher_a2.full_name in page
    page = client.get(url, {"q": "Корн", "role": "mentors", "network": "1"}).content.decode()
    assert cast.teacher_b.full_name not in page
    client.force_login(cast.director_a)
    assert client.get(url, {"q": "Тады"}).status_code == 403


def test_status_changes_keep_history_and_refuse_bad_input(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, status="draft")
    client.force_login(cast.curator_a)
    url = reverse("pairs:status", args=[pair.pk])
    assert client.post(url, {"to_status": "active"}).status_code == 302
    response = client.post(url, {"to_status": "terminated", "reason": "", "confirm": "on"})
    assert response.status_code == 400
    assert "Укажите причину досрочного прекращения." in response.content.decode()
    response = client.post(
        reverse("pairs:extend", args=[pair.pk]),
        {"extend-new_end_on": "2026-12-31", "extend-reason": "Аттестация перенесена"},
    )
    assert response.status_code == 302
    page = client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert "продлена до 31.12.2026" in page and "Аттестация перенесена" in page
    pair.refresh_from_db()
    assert pair.status == "active" and pair.planned_end_on == datetime.date(2026, 12, 31)


def test_pair_writes_are_404_for_outsiders_and_403_for_readers(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, status="draft")
    client.force_login(cast.curator_b)
    assert client.get(reverse("pairs:detail", args=[pair.pk])).status_code == 404
    assert (
        client.post(reverse("pairs:status", args=[pair.pk]), {"to_status": "active"}).status_code
        == 404
    )
    client.force_login(cast.methodist_m1)
    assert client.get(reverse("pairs:detail", args=[pair.pk])).status_code == 200
    assert (
        client.post(reverse("pairs:status", args=[pair.pk]), {"to_status": "active"}).status_code
        == 403
    )
    client.force_login(cast.methodist_m2)
    assert client.get(reverse("pairs:detail", args=[pair.pk])).status_code == 404
    pair.refresh_from_db()
    assert pair.status == "draft"


def _list_ids(client, organisation, **params):
    response = client.get(reverse("pairs:list", args=[organisation.pk]), params)
    assert response.status_code == 200
    return {p.pk for p in response.context["page"]}


def test_the_pair_list_filters(client, cast, programme):
    today = datetime.date.today()
    plain = PairFactory(programme=programme, starts_on=today - datetime.timedelta(days=5))
    PlanFactory(pair=plain)
    no_plan = PairFactory(programme=programme, format="group", mentee_category="transfer")
    overdue = PairFactory(programme=programme)
    PlanActivityFactory(plan=PlanFactory(pair=overdue), planned_month=datetime.date(2025, 9, 1))
    ending = PairFactory(programme=programme, planned_end_on=today + datetime.timedelta(days=10))
    LogEntryFactory(pair=ending, happened_on=today)
    other_programme = ProgrammeFactory(organisation=cast.school_a, form="custom", custom_form="x")
    custom = PairFactory(programme=other_programme)
    PairFactory(programme__organisation=cast.school_b)  # another school: never listed
    client.force_login(cast.curator_a)
    everything = {plain.pk, no_plan.pk, overdue.pk, ending.pk, custom.pk}
    assert _list_ids(client, cast.school_a) == everything
    assert _list_ids(client, cast.school_a, no_plan="on") == {no_plan.pk, ending.pk, custom.pk}
    assert _list_ids(client, cast.school_a, overdue="on") == {overdue.pk}
    assert _list_ids(client, cast.school_a, ending_soon="on") == {ending.pk}
    assert _list_ids(client, cast.school_a, stalled="on") == everything - {plain.pk, ending.pk}
    assert _list_ids(client, cast.school_a, format="group") == {no_plan.pk}
    assert _list_ids(client, cast.school_a, mentee_category="transfer") == {no_plan.pk}
    assert _list_ids(client, cast.school_a, programme=other_programme.pk) == {custom.pk}
    assert _list_ids(client, cast.school_a, programme_form="custom") == {custom.pk}
    mentor = overdue.members.get(role="mentor").staff
    assert _list_ids(client, cast.school_a, mentor=mentor.pk) == {overdue.pk}
    assert _list_ids(client, cast.school_a, q=mentor.last_name[:4]) >= {overdue.pk}
    assert _list_ids(client, cast.school_a, status="draft") == set()
    ordered = client.get(
        reverse("pairs:list", args=[cast.school_a.pk]), {"ordering": "-planned_end_on"}
    ).context["page"]
    assert list(ordered)[0] == ending


def test_the_pair_list_names_each_member_and_a_network_mentors_school(client, cast):
    own = StaffMemberFactory(organisation=cast.school_a, last_name="Петров<б>")
    PairFactory(programme__organisation=cast.school_a, mentors=[own, cast.teacher_a2])
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:list", args=[cast.school_a.pk])).content.decode()
    school = cast.teacher_a2.organisation.short_name
    assert (
        f'<div>{cast.teacher_a2.full_name} <span class="badge text-bg-info" '
        f'title="Сетевой наставник">{school}</span></div>'
    ) in page
    assert "<div>Петров&lt;б&gt;" in page and "Петров<б>" not in page


def test_the_pair_list_keeps_a_constant_query_count(client, cast, programme):
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])

    def queries(count):
        for _ in range(count - Pair.objects.count()):
            pair = PairFactory(programme=programme)
            PlanActivityFactory(plan=PlanFactory(pair=pair))
            LogEntryFactory(pair=pair)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # session, user, organisation with its versions, count, page of pairs with figures, members,
    # programmes and mentors for the filter form (the memberships and the digest switch
    # from the cache).
    client.get(url)  # reads the account's memberships and switch once; later views reuse them
    assert queries(10) == queries(60)


# --- plans ------------------------------------------------------------------------------


def test_a_plan_starts_from_the_district_reports_template(client, cast, shipped_templates):
    pair = PairFactory(programme__organisation=cast.school_a)
    mentee = pair.members.get(role="mentee").staff
    template = PlanTemplate.objects.get(code="young-primary-teacher")
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:plan_create", args=[pair.pk]),
        {"mentee": mentee.pk, "source": "template", "template": template.pk},
    )
    plan = Plan.objects.get()
    assert response.url == reverse("pairs:plan", args=[plan.pk])
    assert plan.activities.count() == template.activities.count() == 20
    first = plan.activities.order_by("position").first()
    assert first.title == "Знакомство с традициями школы"
    assert first.planned_month == datetime.date(2025, 9, 1)
    march = plan.activities.get(title="Инновационные технологии в процессе обучения")
    assert march.planned_month == datetime.date(2026, 3, 1) and march.stage == "final"
    page = client.get(response.url).content.decode()
    assert "Работа с тетрадями" in page or "тетрадями и прописями" in page
    response = client.post(
        reverse("pairs:plan_create", args=[pair.pk]),
        {"mentee": mentee.pk, "source": "empty"},
    )
    assert "Выберите корректный вариант" in response.content.decode()
    assert Plan.objects.count() == 1


def test_the_plan_page_shows_progress_and_overdue_in_constant_queries(client, cast):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    url = reverse("pairs:plan", args=[plan.pk])

    def queries(count):
        for index in range(count - plan.activities.count()):
            PlanActivityFactory(
                plan=plan,
                status="done" if index % 2 else "planned",
                done_on=datetime.date(2025, 10, 5) if index % 2 else None,
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response

    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    few, _ = queries(4)
    many, response = queries(40)
    assert few == many
    progress = response.context["progress"]
    assert progress.total == 40 and progress.done == 20 and progress.overdue == 20
    assert "50%" in response.content.decode()


def test_the_plan_page_shows_the_plans_deficits_and_offers_its_regions_areas(client, cast):
    """Both come from one read: the plan's deficits wherever they are from (one of another
    region, copied with a plan), and the options of the activity form, the areas of the
    plan's region exactly as the form's own queryset gives them."""
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    portal = DeficitArea.objects.filter(region=None)
    own = DeficitArea.objects.create(code="own", name="Своя область", region=cast.region1)
    foreign = DeficitArea.objects.create(code="far", name="Чужая область", region=cast.region2)
    plan.deficits.set([portal[1], foreign])
    client.force_login(cast.curator_a)
    response = client.get(reverse("pairs:plan", args=[plan.pk]))
    assert response.context["deficits"] == list(plan.deficits.all())
    assert set(response.context["deficits"]) == {portal[1], foreign}
    offered = response.context["activity_form"]["deficit_area"]
    form_areas = ActivityForm(region_id=plan.region_id)["deficit_area"]
    assert {choice.instance for choice, _ in list(offered.field.choices)[1:]} == {*portal, own}
    assert str(offered) == str(form_areas)


def test_activities_are_added_edited_inline_reordered_and_shifted(client, cast):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:activity_add", args=[plan.pk]),
        {
            "direction": "methods",
            "title": "Мастер-класс",
            "form": "master_class",
            "stage": "interim",
            "responsible": "mentor",
        },
    )
    assert response.status_code == 400
    assert "Укажите месяц или срок выполнения." in response.content.decode()
    assert not plan.activities.exists()
    for title, month in (("Первое", "2025-10"), ("Второе", "2025-11")):
        client.post(
            reverse("pairs:activity_add", args=[plan.pk]),
            {
                "direction": "methods",
                "title": title,
                "form": "talk",
                "planned_month": month,
                "stage": "interim",
                "responsible": "both",
            },
        )
    first, second = plan.activities.order_by("position")
    response = client.post(
        reverse("pairs:activity_edit", args=[first.pk]),
        {
            "direction": "ict",
            "title": "Первое, исправленное",
            "form": "talk",
            "planned_month": "2025-12",
            "stage": "final",
            "responsible": "mentee",
            "row_version": version_of(client, reverse("pairs:activity_edit", args=[first.pk])),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Первое, исправленное" in response.content.decode()
    first.refresh_from_db()
    assert first.deadline == datetime.date(2025, 12, 31)
    client.post(reverse("pairs:activity_move", args=[second.pk]), {"direction": "up"})
    assert list(plan.activities.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    client.post(reverse("pairs:plan_shift", args=[plan.pk]), {"months": 1, "days": 0})
    first.refresh_from_db()
    assert first.planned_month == datetime.date(2026, 1, 1)


def test_an_activity_of_another_school_is_404_and_unchanged(client, cast):
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_b)
    client.force_login(cast.curator_a)
    for name in ("activity_done", "activity_edit", "activity_delete", "activity_move"):
        assert (
            client.post(reverse(f"pairs:{name}", args=[activity.pk]), {"title": "x"}).status_code
            == 404
        )
    assert (
        client.post(
            reverse("pairs:plan_shift", args=[activity.plan_id]), {"months": 1, "days": 0}
        ).status_code
        == 404
    )
    activity.refresh_from_db()
    assert activity.status == "planned" and activity.title.startswith("Мероприятие")


def test_reordering_refuses_ids_of_another_plan(client, cast):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    mine = PlanActivityFactory(plan=plan)
    foreign = PlanActivityFactory(plan__pair__programme__organisation=cast.school_b)
    client.force_login(cast.curator_a)
    client.post(reverse("pairs:plan_reorder", args=[plan.pk]), {"activity": [foreign.pk, mine.pk]})
    foreign.refresh_from_db()
    assert foreign.plan_id != plan.pk


def test_a_plan_is_saved_as_a_template_and_copied(client, cast, shipped_templates):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    PlanActivityFactory(plan=plan, title="Своя тема", planned_month=datetime.date(2025, 11, 1))
    client.force_login(cast.curator_a)
    client.post(reverse("pairs:plan_save_template", args=[plan.pk]), {"title": "Наш шаблон"})
    template = PlanTemplate.objects.get(title="Наш шаблон")
    assert template.organisation == cast.school_a
    assert template.activities.get().month_offset == 2
    # the municipality-wide choice is a methodist's
    response = client.post(
        reverse("pairs:plan_save_template", args=[plan.pk]),
        {"title": "Для района", "municipality_wide": "on"},
    )
    assert response.status_code == 403
    client.force_login(cast.methodist_m1)
    client.post(
        reverse("pairs:plan_save_template", args=[plan.pk]),
        {"title": "Для района", "municipality_wide": "on"},
    )
    assert PlanTemplate.objects.get(title="Для района").municipality == cast.m1
    # a school of the municipality sees both, a school of another municipality neither
    client.force_login(cast.curator_b)
    pair_b = PairFactory(programme__organisation=cast.school_b)
    page = client.get(reverse("pairs:plan_create", args=[pair_b.pk])).content.decode()
    assert "Наш шаблон" not in page and "Для района" not in page
    assert "Молодой учитель начальных классов" in page


# --- log, my page, calendar -------------------------------------------------------------


def test_the_log_counts_visits_per_mentor_and_pair(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    mentor = pair.members.get(role="mentor").staff
    mentee = pair.members.get(role="mentee").staff
    for day in range(6):
        LogEntryFactory(
            pair=pair,
            kind="lesson_visit",
            visitor=mentor,
            visited=mentee,
            happened_on=datetime.date(2025, 10, 1 + day),
        )
    LogEntryFactory(pair=pair)
    client.force_login(cast.director_a)
    response = client.get(reverse("pairs:log", args=[cast.school_a.pk]))
    rows = {r["pk"]: r for r in response.context["per_mentor"]}
    assert rows[mentor.pk]["visits"] == 6 and rows[mentor.pk]["entries_total"] == 7
    per_pair = list(response.context["per_pair"])
    assert per_pair[0].log_visits == 6 and per_pair[0].log_meetings == 1


def test_a_mentor_logs_a_lesson_visit_that_ticks_the_activity(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    mentee = pair.members.get(role="mentee").staff
    activity = PlanActivityFactory(plan=PlanFactory(pair=pair), form="lesson_visit")
    client.force_login(cast.mentor_a)
    response = client.post(
        reverse("pairs:log_add", args=[pair.pk]),
        {
            "kind": "lesson_visit",
            "happened_on": "2025-10-08",
            "topic": "Урок математики",
            "visitor": cast.teacher_a.pk,
            "visited": mentee.pk,
            "class_name": "2 Б",
            "activity": activity.pk,
            "mark_activity_done": "on",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.organisation == cast.school_a and entry.created_by == cast.mentor_a
    activity.refresh_from_db()
    assert activity.status == "done" and activity.done_on == datetime.date(2025, 10, 8)


def test_a_lesson_visit_needs_who_and_whom(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    client.force_login(cast.mentor_a)
    response = client.post(
        reverse("pairs:log_add", args=[pair.pk]),
        {"kind": "lesson_visit", "happened_on": "2025-10-08", "topic": "Урок"},
    )
    assert response.status_code == 400
    assert "укажите, кто посетил и у кого был урок" in response.content.decode()
    assert not LogEntry.objects.exists()


def test_a_mentor_cannot_touch_other_pairs(client, cast):
    mine = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    other = PairFactory(programme__organisation=cast.school_a)
    activity = PlanActivityFactory(plan=PlanFactory(pair=other))
    client.force_login(cast.mentor_a)
    assert client.get(reverse("pairs:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("pairs:plan", args=[activity.plan_id])).status_code == 404
    assert client.post(reverse("pairs:activity_done", args=[activity.pk])).status_code == 404
    assert client.post(reverse("pairs:log_add", args=[other.pk]), {"topic": "x"}).status_code == 404
    assert client.get(reverse("pairs:detail", args=[mine.pk])).status_code == 200
    # ... and may not manage their own pair
    assert (
        client.post(reverse("pairs:status", args=[mine.pk]), {"to_status": "completed"}).status_code
        == 403
    )
    activity.refresh_from_db()
    assert activity.status == "planned" and not LogEntry.objects.exists()


def test_my_page_shows_pairs_due_activities_and_marks_done(client, cast):
    today = datetime.date.today()
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    plan = PlanFactory(
        pair=pair,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=200),
    )
    due = PlanActivityFactory(
        plan=plan, title="Тренинг этого месяца", planned_month=today.replace(day=1)
    )
    later = PlanActivityFactory(
        plan=plan, title="Дальнее", due_on=today + datetime.timedelta(days=70), planned_month=None
    )
    client.force_login(cast.mentor_a)
    page = client.get(reverse("pairs:my")).content.decode()
    assert "Тренинг этого месяца" in page and "Дальнее" not in page
    client.post(reverse("pairs:activity_done", args=[due.pk]), {"note": "Провели"})
    due.refresh_from_db()
    assert due.status == "done" and due.evidence_note == "Провели"
    assert later.status == "planned"


def test_a_mentee_marks_only_their_own_plan(client, cast):
    mentee = young(cast.school_a)
    user = __import__("tests.factories", fromlist=["UserFactory"]).UserFactory(staff_member=mentee)
    other_mentee = young(cast.school_a)
    group = PairFactory(programme__organisation=cast.school_a, mentees=[mentee, other_mentee])
    own = PlanActivityFactory(plan=PlanFactory(pair=group, mentee=mentee))
    others = PlanActivityFactory(plan=PlanFactory(pair=group, mentee=other_mentee))
    client.force_login(user)
    assert client.post(reverse("pairs:activity_done", args=[others.pk])).status_code == 403
    assert client.post(reverse("pairs:activity_done", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    others.refresh_from_db()
    assert own.status == "done" and others.status == "planned"


def test_the_calendar_feed_is_private_and_revocable(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    PlanActivityFactory(plan=PlanFactory(pair=pair), title="Самоанализ урока")
    PlanActivityFactory(plan__pair__programme__organisation=cast.school_a, title="Чужое")
    client.force_login(cast.mentor_a)
    client.post(reverse("pairs:my_settings"), {"action": "calendar_renew"})
    token = cast.mentor_a.pairs_settings.calendar_token
    client.logout()
    response = client.get(reverse("pairs:calendar", args=[token]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body and "Самоанализ урока" in body and "Чужое" not in body
    client.force_login(cast.mentor_a)
    client.post(reverse("pairs:my_settings"), {"action": "calendar_revoke"})
    client.logout()
    assert client.get(reverse("pairs:calendar", args=[token])).status_code == 404


def test_overdue_is_derived_from_the_date(cast):
    activity = PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a,
        planned_month=None,
        due_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert activity.display_status == "просрочено"
    assert PlanActivity.objects.filter(pk=activity.pk, deadline__lt=datetime.date.today()).exists()
    assert StaffMember.objects.exists()
