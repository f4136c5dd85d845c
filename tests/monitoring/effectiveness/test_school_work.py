"""Events and participation, school road maps, the pack of local acts, criteria editing and
survey-based indicators: what the methodist and the curator do between monitoring rounds."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring.effectiveness import services
from monitoring.effectiveness.forms import IndicatorForm
from monitoring.effectiveness.models import (
    Answer,
    CriteriaSet,
    Event,
    Indicator,
    LocalAct,
    LocalActKind,
    Participation,
    RoadMap,
    RoadMapYear,
    WebsiteSection,
)
from orgs.models import Role
from tests.factories import member
from tests.forms import form_data
from tests.monitoring.diagnostics.factories import answer, launch

E = "monitoring:effectiveness:"


def url(name, *args):
    return reverse(E + name, args=args)


@pytest.fixture
def municipal_contest(cast):
    return Event.objects.create(
        region_id=cast.m1.region_id,
        municipality=cast.m1,
        kind=Event.Kind.CONTEST,
        level=Event.Level.MUNICIPAL,
        title="Педагогический дебют",
        starts_on=datetime.date(2026, 3, 1),
    )


# --- events -----------------------------------------------------------------------------------


def test_a_methodist_adds_a_contest_and_a_wrong_date_range_is_refused(client, cast):
    client.force_login(cast.methodist_m1)
    page = url("municipality_events", cast.m1.pk)
    data = {
        "kind": "contest",
        "level": "municipal",
        "title": "Учитель года",
        "starts_on": "2026-02-10",
        "ends_on": "2026-02-01",
    }
    response = client.post(page, data)
    assert "Окончание не может быть раньше начала." in response.content.decode()
    assert not Event.objects.exists()
    response = client.post(page, {**data, "ends_on": "2026-02-20"})
    event = Event.objects.get()
    assert response.url == url("event", event.pk)
    assert (event.municipality, event.organisation) == (cast.m1, None)
    listing = client.get(page, {"kind": "contest", "year": "2026"}).content.decode()
    assert "Учитель года" in listing
    assert "Учитель года" not in client.get(page, {"kind": "seminar"}).content.decode()


def test_a_curator_enters_their_teachers_into_a_municipal_contest(client, cast, municipal_contest):
    client.force_login(cast.curator_a)
    listing = client.get(url("organisation_events", cast.school_a.pk)).content.decode()
    assert "Педагогический дебют" in listing
    detail = url("event", municipal_contest.pk)
    # A teacher of another school is not among the choices.
    response = client.post(
        detail, {"action": "add", "person": cast.teacher_a2.pk, "role": "participant"}
    )
    assert "Выберите корректный вариант" in response.content.decode()
    client.post(
        detail,
        {
            "action": "add",
            "person": cast.teacher_a.pk,
            "role": "participant",
            "result": "winner",
            "evidence": "Диплом № 5",
        },
    )
    taken = Participation.objects.get()
    assert (taken.person, taken.result, taken.organisation) == (
        cast.teacher_a,
        "winner",
        cast.school_a,
    )
    # The same teacher twice: a clear message, nothing added.
    response = client.post(
        detail,
        {"action": "add", "person": cast.teacher_a.pk, "role": "speaker", "result": "participant"},
    )
    assert "уже есть в списке участников" in response.content.decode()
    # The curator may not rename the municipality's contest.
    response = client.post(detail, {"action": "edit", "title": "Другое"})
    assert response.status_code == 404
    card = client.get(reverse("orgs:staff_card", args=[cast.teacher_a.pk])).content.decode()
    assert "Педагогический дебют" in card and "победитель" in card


def test_another_school_of_the_municipality_sees_the_contest_but_not_our_participants(
    client, cast, municipal_contest
):
    services.participation_add(
        event=municipal_contest,
        person=cast.teacher_a,
        role="participant",
        result="prize",
        acting_user=cast.curator_a,
    )
    client.force_login(member(Role.CURATOR, cast.school_a2, username="curator_a2"))
    page = client.get(url("event", municipal_contest.pk)).content.decode()
    assert "Педагогический дебют" in page
    assert cast.teacher_a.last_name not in page
    client.force_login(cast.methodist_m1)
    assert (
        cast.teacher_a.last_name in client.get(url("event", municipal_contest.pk)).content.decode()
    )


def test_a_school_event_takes_only_the_schools_teachers(cast):
    event = Event.objects.create(
        region_id=cast.m1.region_id,
        municipality=cast.m1,
        organisation=cast.school_a,
        kind=Event.Kind.SEMINAR,
        level=Event.Level.SCHOOL,
        title="Школьный семинар",
        starts_on=datetime.date(2026, 3, 1),
    )
    with pytest.raises(Exception, match="только педагоги этой школы"):
        services.participation_add(
            event=event,
            person=cast.teacher_a2,
            role="participant",
            result="participant",
            acting_user=cast.methodist_m1,
        )


def test_the_staff_card_counts_years_of_mentoring_for_the_award(client, cast):
    from tests.pairs.factories import PairFactory

    for start in (2020, 2022, 2024):
        pair = PairFactory(
            programme__organisation=cast.school_a,
            starts_on=datetime.date(start, 9, 1),
            mentor=cast.teacher_a,
        )
        pair.ended_on = datetime.date(start + 1, 6, 30)
        pair.save()
    client.force_login(cast.curator_a)
    card = client.get(reverse("orgs:staff_card", args=[cast.teacher_a.pk])).content.decode()
    # 2020–2021, 2022–2023, 2024–2025: six calendar years
    assert "Лет наставничества: <strong>6</strong>" in card
    assert "достаточен для представления к награде" in card


# --- road maps --------------------------------------------------------------------------------


def test_a_curator_starts_the_schools_road_map_and_marks_a_year_done(client, cast):
    services.road_map_load_seed(municipality=cast.m1)
    client.force_login(cast.curator_a)
    response = client.post(
        url("organisation", cast.school_a.pk), {"action": "road_map", "first_year": "2020"}
    )
    school_map = RoadMap.objects.get(organisation=cast.school_a)
    municipal_rows = RoadMapYear.objects.filter(
        item__section__road_map__organisation__isnull=True
    ).count()
    year_row = RoadMapYear.objects.filter(item__section__road_map=school_map, target__gt=0).first()
    assert RoadMapYear.objects.filter(item__section__road_map=school_map).count() == municipal_rows
    assert response.url == url("road_map", school_map.pk)
    mark = url("road_map_year", year_row.pk)
    response = client.post(mark, {"action": "done", "evidence": ""}, follow=True)
    assert "Укажите подтверждение выполнения." in response.content.decode()
    client.post(mark, {"action": "done", "evidence": "Приказ № 12"})
    year_row.refresh_from_db()
    assert (year_row.status, year_row.evidence) == ("done", "Приказ № 12")
    page = client.get(url("road_map", school_map.pk)).content.decode()
    assert "Приказ № 12" in page
    client.post(mark, {"action": "reopen"})
    year_row.refresh_from_db()
    assert year_row.status == "planned"
    # The municipality's own road map stays the methodist's to mark.
    municipal_row = RoadMapYear.objects.filter(
        item__section__road_map__organisation__isnull=True
    ).first()
    assert client.post(
        url("road_map_year", municipal_row.pk), {"action": "reopen"}
    ).status_code in (
        403,
        404,
    )


# --- local acts and the website section ------------------------------------------------------


def test_reading_the_acts_table_writes_nothing(client, cast):
    client.force_login(cast.methodist_m1)
    page = client.get(url("local_acts", cast.m1.pk)).content.decode()
    assert "Положение о наставничестве" in page or "Положени" in page
    assert not LocalActKind.objects.exists()


def test_a_curator_records_an_act_and_a_disguised_file_is_refused(client, cast):
    client.force_login(cast.curator_a)
    page = url("organisation", cast.school_a.pk)
    fake = SimpleUploadedFile("order.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        page,
        {"action": "act", "kind": "1", "number": "5-од", "date": "2026-09-01", "file": fake},
        follow=True,
    )
    assert "Содержимое файла не соответствует его расширению." in response.content.decode()
    assert not LocalAct.objects.exists()
    real = SimpleUploadedFile("order.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    client.post(
        page, {"action": "act", "kind": "1", "number": "5-од", "date": "2026-09-01", "file": real}
    )
    act = LocalAct.objects.get()
    assert (act.number, act.generated) == ("5-од", False)
    download = client.get(url("act_file", act.pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(cast.methodist_m1)
    table = client.get(url("local_acts", cast.m1.pk)).content.decode()
    assert table.count(">есть<") == 1


def test_the_methodist_checks_the_website_section_the_curator_entered(client, cast):
    client.force_login(cast.curator_a)
    page = url("organisation", cast.school_a.pk)
    response = client.post(page, {"action": "site", "url": "javascript:alert(1)"})
    assert "Введите правильный URL." in response.content.decode()
    client.post(page, {"action": "site", "url": "https://school.example.ru/nastavnichestvo"})
    client.force_login(cast.methodist_m1)
    client.post(url("website_checked", cast.school_a.pk))
    site = WebsiteSection.objects.get()
    assert site.checked_on is not None
    assert "проверен" in client.get(url("local_acts", cast.m1.pk)).content.decode()


def test_an_office_zip_bomb_is_refused():
    from django.core.exceptions import ValidationError

    from orgs.uploads import DOCUMENTS, check_upload

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    bomb = SimpleUploadedFile("act.docx", buffer.getvalue())
    with pytest.raises(ValidationError, match="zip-бомбу"):
        check_upload(bomb, allowed=DOCUMENTS)


# --- criteria ---------------------------------------------------------------------------------


def test_the_methodist_copies_last_years_criteria_and_edits_only_the_unused_copy(client, cast):
    campaign = services.campaign_open(
        municipality=cast.m1, year=2025, acting_user=cast.methodist_m1
    )
    used = campaign.criteria_set
    client.force_login(cast.methodist_m1)
    page = url("criteria", cast.m1.pk)
    indicator = Indicator.objects.filter(criterion__criteria_set=used).first()
    response = client.post(
        page,
        {
            "action": "edit_indicator",
            "set": used.pk,
            "indicator": indicator.pk,
            "name": "Изменено",
            "method": "Отчёт",
            "scale": "presence",
            "computed": "",
            # A form opened before the set came into use: its version is current.
            "row_version": IndicatorForm(instance=indicator)["row_version"].value(),
        },
        follow=True,
    )
    assert "Набор используется в мониторинге 2025 года" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.name != "Изменено"
    client.post(page, {"action": "copy", "set": used.pk, "year": "2026"})
    copy = CriteriaSet.objects.get(municipality=cast.m1, year=2026)
    first = copy.criteria.first()
    client.post(
        page,
        {
            "action": "add_indicator",
            "set": copy.pk,
            "criterion": first.pk,
            "name": "Доля наставников с курсами",
            "method": "Отчёт",
            "scale": "percent",
            "computed": "",
        },
    )
    assert first.indicators.filter(name="Доля наставников с курсами").exists()
    # The next year's monitoring is scored against the edited copy.
    next_campaign = services.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    assert next_campaign.criteria_set == copy


# --- survey-based indicators ------------------------------------------------------------------


def test_a_survey_indicator_takes_its_answer_from_the_schools_diagnostics(client, cast):
    survey = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(survey.invitations.get(), default=4)
    year = timezone.localdate().year  # the year the answers were submitted
    campaign = services.campaign_open(
        municipality=cast.m1, year=year, acting_user=cast.methodist_m1
    )
    form = campaign.forms.get(organisation=cast.school_a)
    target = form.answers.get(indicator__scale="availability")
    client.force_login(cast.curator_a)
    page = client.get(url("form", form.pk)).content.decode()
    assert "или взять из анкеты" in page
    from monitoring.effectiveness.selectors import survey_choices

    choice = survey_choices(cast.school_a, year=year)[0]
    marker = f"a{target.pk}-row_version"
    data = form_data(page, marker) | {f"survey-{target.pk}": choice["key"]}
    client.post(url("form", form.pk), data)
    target = Answer.objects.get(pk=target.pk)
    assert target.option == "available"  # mean 4 of 5
    assert "средняя оценка 4,0 из 5" in target.computed_note
    # A key that is not among the school's surveys is refused.
    page = client.get(url("form", form.pk)).content.decode()
    data = form_data(page, marker) | {f"survey-{target.pk}": "999999:1"}
    response = client.post(url("form", form.pk), data, follow=True)
    assert "Выбранной анкеты нет среди диагностик" in response.content.decode()


def test_the_methodist_configures_the_pack_but_cannot_drop_a_recorded_document(client, cast):
    services.local_act_save(
        organisation=cast.school_a,
        position=1,
        number="1",
        date=datetime.date(2026, 9, 1),
        acting_user=cast.curator_a,
    )
    client.force_login(cast.methodist_m1)
    page = url("local_acts", cast.m1.pk)
    client.post(page, {"action": "add_kind", "name": "  Приказ   о премировании наставников "})
    assert LocalActKind.objects.filter(name="Приказ о премировании наставников").exists()
    response = client.post(page, {"action": "remove_kind", "position": "1"}, follow=True)
    assert "его нельзя убрать из перечня" in response.content.decode()
    assert LocalActKind.objects.filter(position=1).exists()
    response = client.post(page, {"action": "remove_kind", "position": "abc"}, follow=True)
    assert "Неверный номер документа." in response.content.decode()
    client.post(page, {"action": "remove_kind", "position": "2"})
    assert not LocalActKind.objects.filter(position=2).exists()
    client.force_login(cast.curator_a)
    assert client.post(page, {"action": "add_kind", "name": "X"}).status_code == 403


def test_a_school_sees_and_records_against_its_municipalitys_own_pack(client, cast):
    services.local_act_kind_add(
        municipality=cast.m1, name="Приказ о премировании наставников", acting_user=None
    )
    kinds = LocalActKind.objects.filter(municipality=cast.m1).count()
    client.force_login(cast.curator_a)
    page = client.get(url("organisation", cast.school_a.pk)).content.decode()
    assert "Приказ о премировании наставников" in page
    client.post(
        url("organisation", cast.school_a.pk),
        {"action": "act", "kind": str(kinds), "number": "9", "date": "2026-10-01"},
    )
    assert LocalActKind.objects.filter(municipality=cast.m1).count() == kinds  # no duplicates
    assert LocalAct.objects.get(organisation=cast.school_a).kind.name == (
        "Приказ о премировании наставников"
    )
