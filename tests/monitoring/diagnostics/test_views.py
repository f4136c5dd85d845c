"""Pages of diagnostics: who may see and do what, and what bad input leaves behind."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.diagnostics.models import (
    Answer,
    AreaResult,
    Campaign,
    Instrument,
    Invitation,
    Question,
)
from tests.factories import StaffMemberFactory
from tests.forms import page_form

from .factories import answer, launch, ready_version

TODAY = timezone.localdate()


def url(name, *args):
    return reverse(f"monitoring:diagnostics:{name}", args=args)


def launch_form(**overrides):
    data = {
        "version": ready_version().pk,
        "title": "Карта затруднений, октябрь",
        "audience": Campaign.Audience.ALL_TEACHERS,
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
    }
    return {**data, **overrides}


def test_the_psychologists_home_lists_campaigns_and_profiles(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(campaign.invitations.get())
    client.force_login(cast.psychologist_a)

    page = client.get(reverse("monitoring:diagnostics", args=[cast.school_a.pk])).content.decode()

    assert "Диагностика профессиональных затруднений" in page or campaign.title in page
    assert "Тадыева" in page and "Запустить опрос" in page


def test_the_outsider_gets_404_everywhere(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    client.force_login(cast.curator_b)
    for target in (
        reverse("monitoring:diagnostics", args=[cast.school_a.pk]),
        url("campaign", campaign.pk),
        url("results", campaign.pk),
        url("profile", cast.teacher_a.pk),
        url("answer", invitation.pk),
        url("compatibility", cast.school_a.pk),
        url("campaign_create") + f"?organisation={cast.school_a.pk}",
    ):
        assert client.get(target).status_code == 404, target


def test_a_curator_launches_a_campaign_for_all_teachers(client, cast):
    StaffMemberFactory(organisation=cast.school_a)
    client.force_login(cast.curator_a)

    response = client.post(
        url("campaign_create") + f"?organisation={cast.school_a.pk}", launch_form()
    )

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.invitations.count() == 2
    page = client.get(url("campaign", campaign.pk)).content.decode()
    assert "Онгудайская СОШ" in page and "Тадыева" in page


def test_a_director_may_not_launch_or_close(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    client.force_login(cast.director_a)

    created = client.post(
        url("campaign_create") + f"?organisation={cast.school_a.pk}", launch_form()
    )
    closed = client.post(url("campaign_close", campaign.pk))

    assert (created.status_code, closed.status_code) == (403, 403)
    campaign.refresh_from_db()
    assert Campaign.objects.count() == 1 and campaign.closed_at is None
    assert client.get(url("results", campaign.pk)).status_code == 200


def test_bad_dates_are_refused_with_a_message_and_nothing_written(client, cast):
    client.force_login(cast.curator_a)

    response = client.post(
        url("campaign_create") + f"?organisation={cast.school_a.pk}",
        launch_form(ends_on=(TODAY - datetime.timedelta(days=3)).isoformat()),
    )

    assert "Окончание кампании не может быть раньше начала" in response.content.decode()
    assert not Campaign.objects.exists() and not Invitation.objects.exists()


def test_a_methodist_launches_for_the_municipality_only_their_own(client, cast):
    StaffMemberFactory(organisation=cast.school_a2)
    client.force_login(cast.methodist_m1)
    response = client.post(url("campaign_create") + f"?municipality={cast.m1.pk}", launch_form())
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.organisation is None
    assert set(campaign.invitations.values_list("organisation", flat=True)) == {
        cast.school_a.pk,
        cast.school_a2.pk,
    }
    page = client.get(url("campaign", campaign.pk)).content.decode()
    assert "Еловская СОШ" in page

    client.force_login(cast.methodist_m2)
    assert client.get(url("campaign_create") + f"?municipality={cast.m1.pk}").status_code == 404
    assert client.get(url("campaign", campaign.pk)).status_code == 404


def test_a_respondent_answers_page_by_page_and_it_is_saved_as_they_go(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    sections = list(campaign.version.sections.order_by("position"))
    client.force_login(cast.mentor_a)
    assert "Анкеты" in client.get(url("my")).content.decode()

    first = {f"q{q.pk}": "4" for q in sections[0].questions.all()}
    response = client.post(url("answer", invitation.pk), first)
    assert response.url == url("answer_section", invitation.pk, 2)
    assert Answer.objects.filter(invitation=invitation).count() == len(first)

    incomplete = client.post(url("answer_section", invitation.pk, 2), {})
    assert "Ответьте на обязательные вопросы" in incomplete.content.decode()
    assert Answer.objects.filter(invitation=invitation).count() == len(first)

    for number, section in enumerate(sections[1:], start=2):
        values = {f"q{q.pk}": "2" for q in section.questions.all()}
        client.post(url("answer_section", invitation.pk, number), values)
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None and not invitation.on_paper
    assert AreaResult.objects.get(invitation=invitation, area__code="self_regulation").is_difficulty


def test_someone_elses_questionnaire_is_404_for_a_respondent(client, cast):
    other = StaffMemberFactory(organisation=cast.school_a)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[other])
    client.force_login(cast.mentor_a)
    assert client.get(url("answer", campaign.invitations.get().pk)).status_code == 404


def test_a_curator_enters_a_paper_form_and_it_is_recorded(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    client.force_login(cast.psychologist_a)
    assert client.get(url("answer", invitation.pk)).status_code == 403

    client.force_login(cast.curator_a)
    page = client.get(url("answer", invitation.pk)).content.decode()
    assert "с бумажного бланка" in page
    section = campaign.version.sections.order_by("position").first()
    client.post(url("answer", invitation.pk), {f"q{q.pk}": "5" for q in section.questions.all()})

    invitation.refresh_from_db()
    assert invitation.on_paper and invitation.entered_by == cast.curator_a


def test_answers_cannot_change_after_the_campaign_closes(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    answer(invitation, default=4)
    client.force_login(cast.curator_a)
    client.post(url("campaign_close", campaign.pk))
    section = campaign.version.sections.order_by("position").first()

    client.force_login(cast.mentor_a)
    response = client.post(
        url("answer", invitation.pk), {f"q{q.pk}": "1" for q in section.questions.all()}
    )

    assert "Кампания закрыта" in response.content.decode()
    assert set(Answer.objects.filter(invitation=invitation).values_list("number", flat=True)) == {4}


def test_a_methodist_builds_publishes_and_versions_an_instrument(client, cast):
    client.force_login(cast.methodist_m1)
    client.post(
        url("instrument_create"),
        {"title": "Анкета молодого педагога", "purpose": "deficits", "audience": "teacher"},
    )
    instrument = Instrument.objects.get(title="Анкета молодого педагога")
    assert instrument.municipality == cast.m1
    client.post(url("section_add", instrument.pk), {"title": "Урок"})
    section = instrument.versions.get().sections.get()
    bad = client.post(
        url("question_add", instrument.pk, section.pk),
        {"text": "Любимая форма урока", "kind": "single", "options": "одна", "required": "on"},
        follow=True,
    )
    assert "не меньше двух вариантов" in bad.content.decode()
    assert not Question.objects.filter(section=section).exists()
    client.post(
        url("question_add", instrument.pk, section.pk),
        {
            "text": "Планирую урок по ФГОС",
            "kind": "scale",
            "area": _area("methodical"),
            "required": "on",
        },
    )
    client.post(url("version_publish", instrument.pk))
    assert instrument.versions.get().is_published

    client.post(url("version_new", instrument.pk))
    assert instrument.versions.count() == 2
    assert Question.objects.filter(section__version__instrument=instrument).count() == 2

    # a curator may use it but not change it; another region does not see it
    client.force_login(cast.curator_a)
    assert client.post(url("section_add", instrument.pk), {"title": "x"}).status_code == 403
    client.force_login(cast.methodist_m3)
    assert client.get(url("instrument", instrument.pk)).status_code == 404


def _area(code):
    from orgs.models import DeficitArea

    return DeficitArea.objects.get(code=code, region=None).pk


@pytest.mark.parametrize("code", ["difficulties-card", "pair-compatibility", "lesson-observation"])
def test_ready_instruments_are_shipped_and_readable(client, cast, code):
    client.force_login(cast.psychologist_a)
    page = client.get(url("instrument", Instrument.objects.get(code=code).pk)).content.decode()
    assert "опубликована" in page


def test_the_difficulties_card_covers_every_area_of_the_catalogue(db):
    from orgs.models import DeficitArea

    covered = set(
        Question.objects.filter(section__version__instrument__code="difficulties-card")
        .exclude(area=None)
        .values_list("area__code", flat=True)
    )
    assert covered == set(DeficitArea.objects.filter(region=None).values_list("code", flat=True))


def test_results_page_shows_the_table_and_its_chart(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(campaign.invitations.get(), {"Управление своей эмоциональной сферой": 1})
    client.force_login(cast.director_a)

    page = client.get(url("results", campaign.pk)).content.decode()

    assert "Эмоциональная саморегуляция" in page and "100 %" in page
    # Drawn on the server as SVG, like the PDF reports: no chart script to load.
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "Эмоциональная саморегуляция" in chart and "100%" in chart
    assert "chart.umd" not in page


def test_two_campaigns_are_compared(client, cast):
    first = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(first.invitations.get(), {"Управление своей эмоциональной сферой": 1})
    second = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(second.invitations.get(), {"Управление своей эмоциональной сферой": 5})
    client.force_login(cast.curator_a)

    page = client.get(url("compare", second.pk) + f"?before={first.pk}").content.decode()

    assert "Эмоциональная саморегуляция" in page and "-100 п. п." in page


def test_the_municipality_compares_mentors_and_mentees_satisfaction(client, cast):
    from .factories import answer as fill

    for code, score in (("satisfaction-mentee-mid", 3), ("satisfaction-mentor-mid", 5)):
        people = StaffMemberFactory.create_batch(2, organisation=cast.school_a)
        campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=people, code=code)
        for invitation in campaign.invitations.all():
            fill(invitation, default=score)
    client.force_login(cast.methodist_m1)

    page = client.get(url("municipality_satisfaction", cast.m1.pk)).content.decode()

    assert "Онгудайская СОШ" in page and "5,00" in page and "3,00" in page and "4,00" in page
    client.force_login(cast.methodist_m3)
    assert client.get(url("municipality_satisfaction", cast.m1.pk)).status_code == 404
    client.force_login(cast.curator_a)  # sees the municipality, but not its figures
    assert client.get(url("municipality_satisfaction", cast.m1.pk)).status_code == 403


def test_a_school_reads_its_own_share_of_a_municipal_campaign(client, cast):
    other = StaffMemberFactory(organisation=cast.school_a2)
    campaign = launch(user=cast.methodist_m1, organisation=None, staff=[], municipality=cast.m1)
    for invitation in campaign.invitations.all():
        answer(
            invitation,
            {"Управление своей эмоциональной сферой": 1 if invitation.staff_member == other else 5},
        )
    client.force_login(cast.psychologist_a)
    home = client.get(reverse("monitoring:diagnostics", args=[cast.school_a.pk])).content.decode()
    assert "Результаты школы" in home
    assert client.get(url("results", campaign.pk)).status_code == 404  # the municipal view

    page = client.get(url("school_results", cast.school_a.pk, campaign.pk)).content.decode()

    assert 'Ответили: <strong data-figure="respondents">1 педагог' in page
    assert "Еловская" not in page
    client.force_login(cast.curator_b)
    assert client.get(url("school_results", cast.school_a.pk, campaign.pk)).status_code == 404


def test_the_scoring_rule_of_a_draft_is_set_in_the_builder(client, cast):
    client.force_login(cast.coordinator_r1)
    client.post(
        url("instrument_create"),
        {"title": "Региональная карта", "purpose": "deficits", "audience": "teacher"},
    )
    instrument = Instrument.objects.get(title="Региональная карта")
    assert instrument.region == cast.region1 and instrument.municipality is None

    page = url("instrument", instrument.pk)
    bad = client.post(
        url("version_rule", instrument.pk),
        page_form(client, page, difficulty_threshold="7", compatibility_threshold="70"),
        follow=True,
    )
    assert "Порог затруднения — от 1 до 5" in bad.content.decode()
    client.post(
        url("version_rule", instrument.pk),
        page_form(client, page, difficulty_threshold="2.5", compatibility_threshold="60"),
    )
    version = instrument.versions.get()
    assert (str(version.difficulty_threshold), version.compatibility_threshold) == ("2.50", 60)


def test_the_school_sets_its_survey_schedule(client, cast):
    from monitoring.diagnostics.models import LifecycleSchedule

    data = {
        "enabled": "on",
        "pulse_first_days": "30",
        "pulse_every_days": "3",
        "final_on_completion": "on",
    }
    client.force_login(cast.director_a)
    assert client.post(url("schedule", cast.school_a.pk), data).status_code == 403
    client.force_login(cast.psychologist_a)
    bad = client.post(url("schedule", cast.school_a.pk), data)
    assert "не чаще раза в неделю" in bad.content.decode()
    assert not LifecycleSchedule.objects.exists()

    client.post(url("schedule", cast.school_a.pk), {**data, "pulse_every_days": "60"})
    schedule = LifecycleSchedule.objects.get(organisation=cast.school_a)
    assert schedule.pulse_every_days == 60 and not schedule.compatibility_on_draft
    client.force_login(cast.curator_b)
    assert client.get(url("schedule", cast.school_a.pk)).status_code == 404
