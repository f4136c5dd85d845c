"""Two people edit the same record: the later, stale save is refused and nothing is lost.

Generated over every edit form (``VersionedFormMixin.registry``) and every API viewset that
updates (the router's registry): a new edit form or API update without a case here fails.
Which forms edit a row is read from the code: every ModelForm of the project, and every call
that passes one an ``instance=``; a ModelForm that is neither versioned nor known to create
rows only fails, so the next edit form cannot be forgotten.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework import mixins
from rest_framework.test import APIClient

from mentorship.api.models import ApiToken
from mentorship.api.urls import router
from mentorship.api.versioning import VersionedUpdateMixin
from orgs.concurrency import StaleEdit, VersionedFormMixin, row_version
from orgs.models import MatchingWeights, MentorProfile, Role
from pairs import services
from pairs.models import Pair
from tests.factories import member
from tests.forms import form_data, page_form
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
STALE = "уже изменил другой пользователь"


@dataclass
class EditCase:
    """``build(cast)`` returns the row; ``url(row)`` its edit page; ``first`` is what the
    first person changes and saves, ``second`` what the second (stale) person changes."""

    build: Callable
    url: Callable
    user: str
    first: dict
    second: dict
    headers: dict = field(default_factory=dict)
    # Where the form posts, when not to its own page.
    action: Callable | None = None
    # The prefix of the row's fields when a page holds one form per row.
    prefix: Callable | None = None


def _profile(cast):
    return MentorProfile.objects.create(
        staff=cast.teacher_a,
        organisation=cast.school_a,
        municipality=cast.m1,
        region=cast.region1,
        note="",
    )


def _weights(cast):
    return MatchingWeights.objects.create(municipality=cast.m1, region=cast.region1)


FORM_CASES = {
    "ProgrammeForm": EditCase(
        build=lambda c: ProgrammeFactory(organisation=c.school_a),
        url=lambda r: reverse("pairs:programme_edit", args=[r.pk]),
        user="curator_a",
        first={"title": "Программа, исправленная первым"},
        second={"goals": "Цели, вписанные вторым"},
    ),
    "PairEditForm": EditCase(
        build=lambda c: PairFactory(programme__organisation=c.school_a),
        url=lambda r: reverse("pairs:edit", args=[r.pk]),
        user="curator_a",
        first={"title": "Пара первого"},
        second={"compatibility_note": "Заметка второго"},
    ),
    "PlanEditForm": EditCase(
        build=lambda c: PlanFactory(pair__programme__organisation=c.school_a),
        url=lambda r: reverse("pairs:plan_edit", args=[r.pk]),
        user="curator_a",
        first={"ends_on": "2026-05-15"},
        second={"goals": "Цели второго"},
    ),
    "ActivityForm": EditCase(
        build=lambda c: PlanActivityFactory(plan__pair__programme__organisation=c.school_a),
        url=lambda r: reverse("pairs:activity_edit", args=[r.pk]),
        user="curator_a",
        first={"title": "Мероприятие первого"},
        second={"expected_result": "Результат второго"},
        headers={"HTTP_HX_REQUEST": "true"},
    ),
    "StaffMemberForm": EditCase(
        build=lambda c: c.teacher_a,
        url=lambda r: reverse("orgs:staff_edit", args=[r.pk]),
        user="curator_a",
        first={"position": "Заместитель директора"},
        second={"previous_organisation_name": "Школа второго"},
    ),
    "MentorProfileForm": EditCase(
        build=_profile,
        url=lambda r: reverse("orgs:mentor_profile", args=[r.staff_id]),
        user="curator_a",
        first={"capacity": "3"},
        second={"note": "Примечание второго"},
    ),
    "RequisitesForm": EditCase(
        build=lambda c: c.school_a,
        url=lambda r: reverse("orgs:requisites", args=[r.pk]),
        user="curator_a",
        first={"short_name": "МБОУ «Онгудайская СОШ» (первый)"},
        second={"settlement": "с. Онгудай (второй)"},
    ),
    "MatchingWeightsForm": EditCase(
        build=_weights,
        url=lambda r: reverse("orgs:weights", args=[r.municipality_id]),
        user="methodist_m1",
        first={"subject": "55"},
        second={"needs": "25"},
    ),
}


def _public_page(cast):
    from documents.publication import services as publication

    return publication.page_save(place=cast.school_a, acting_user=None, slug="ongudai-school")


def _event(cast):
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import Event

    event = Event(
        organisation=cast.school_a,
        municipality=cast.m1,
        kind=Event.Kind.SEMINAR,
        level=Event.Level.SCHOOL,
        title="Семинар наставников",
        starts_on=datetime.date(2025, 10, 1),
    )
    return effectiveness.event_save(event=event, acting_user=None)


FORM_CASES["PageForm"] = EditCase(
    build=_public_page,
    url=lambda r: reverse("publication:organisation", args=[r.organisation_id]),
    user="curator_a",
    first={"intro": "О наставничестве: текст первого"},
    second={"curator_name": "Куратор, вписанный вторым"},
)
FORM_CASES["EventForm"] = EditCase(
    build=_event,
    url=lambda r: reverse("monitoring:effectiveness:event", args=[r.pk]),
    user="curator_a",
    first={"title": "Семинар, переименованный первым"},
    second={"hours": "12"},
)


def _practice(cast):
    from documents.publication.models import Practice

    return Practice.objects.create(
        organisation=cast.school_a,
        title="Круги наставничества",
        form="teacher_teacher",
        format="group",
        description="Как мы проводим круги.",
    )


FORM_CASES["PracticeForm"] = EditCase(
    build=_practice,
    url=lambda r: reverse("publication:practice", args=[r.pk]),
    user="curator_a",
    first={"title": "Круги наставничества (первый)"},
    second={"description": "Описание, исправленное вторым"},
)


def _series(cast):
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import Event

    event = Event(
        organisation=cast.school_a,
        municipality=cast.m1,
        kind=Event.Kind.SERIES,
        title="Школа молодого педагога",
        starts_on=datetime.date(2026, 9, 1),
    )
    return effectiveness.series_save(event=event, acting_user=None)


FORM_CASES["SeriesForm"] = EditCase(
    build=_series,
    url=lambda r: reverse("monitoring:effectiveness:series", args=[r.pk]),
    user="curator_a",
    first={"title": "Школа молодого педагога (первый)"},
    second={"hours": "18"},
)


def _session(cast):
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import Session

    session = Session(
        event=_series(cast),
        date=datetime.date(2026, 10, 15),
        topic="Самоанализ урока",
        leader_name="ЦНППМ",
    )
    return effectiveness.session_save(session=session, acting_user=None)


FORM_CASES["SessionForm"] = EditCase(
    build=_session,
    url=lambda r: reverse("monitoring:effectiveness:session", args=[r.pk]),
    user="curator_a",
    first={"topic": "Самоанализ урока (первый)"},
    second={"leader_name": "Гость второго"},
)


def _indicator(cast):
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import CriteriaSet, Indicator

    criteria_set = CriteriaSet.objects.create(
        region=cast.region1, municipality=cast.m1, year=2026, title="Критерии 2026"
    )
    criterion = effectiveness.criterion_add(
        criteria_set=criteria_set, name="Вовлечённость педагогов", acting_user=None
    )
    indicator = Indicator(
        criterion=criterion, name="Доля педагогов-наставников", method="Отчёт", scale="percent"
    )
    return effectiveness.indicator_save(indicator=indicator, acting_user=None)


FORM_CASES["IndicatorForm"] = EditCase(
    build=_indicator,
    url=lambda r: (
        reverse(
            "monitoring:effectiveness:criteria", args=[r.criterion.criteria_set.municipality_id]
        )
        + f"?set={r.criterion.criteria_set_id}"
    ),
    user="methodist_m1",
    first={"name": "Доля педагогов-наставников (первый)"},
    second={"method": "Отчёт второго"},
)


def _draft_version(cast):
    from monitoring.diagnostics import services as diagnostics

    instrument = diagnostics.instrument_create(
        acting_user=cast.methodist_m1,
        title="Совместимость пары",
        purpose="compatibility",
        audience="pair",
        municipality=cast.m1,
    )
    return instrument.versions.get()


FORM_CASES["RuleForm"] = EditCase(
    build=_draft_version,
    url=lambda r: reverse("monitoring:diagnostics:instrument", args=[r.instrument_id]),
    action=lambda r: reverse("monitoring:diagnostics:version_rule", args=[r.instrument_id]),
    user="methodist_m1",
    first={"compatibility_threshold": "60"},
    second={"difficulty_threshold": "2.50"},
)


def _schedule(cast):
    from monitoring.diagnostics import services as diagnostics

    return diagnostics.schedule_save(
        organisation=cast.school_a, acting_user=None, pulse_first_days=30, pulse_every_days=60
    )


FORM_CASES["ScheduleForm"] = EditCase(
    build=_schedule,
    url=lambda r: reverse("monitoring:diagnostics:schedule", args=[r.organisation_id]),
    user="psychologist_a",
    first={"pulse_first_days": "45"},
    second={"pulse_every_days": "30"},
)


def _answer(cast):
    from monitoring.effectiveness import services as effectiveness

    campaign = effectiveness.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    form = campaign.forms.get(organisation=cast.school_a)
    return form.answers.order_by("indicator__criterion__position", "indicator__position").first()


FORM_CASES["AnswerForm"] = EditCase(
    build=_answer,
    url=lambda r: reverse("monitoring:effectiveness:form", args=[r.form_id]),
    prefix=lambda r: f"a{r.pk}-",
    user="curator_a",
    first={"comment": "Комментарий первого"},
    second={"evidence_text": "Приказ № 5, внесённый вторым"},
)


def _stored(row, name):
    row.refresh_from_db()
    return str(getattr(row, name))


# --- which forms edit a row: found in the code, not listed by hand ----------------------------

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("orgs", "pairs", "monitoring", "documents", "mentorship")
# ModelForms that only ever make a new row (no view passes them an existing one): nothing
# can be stale. A view that starts passing ``instance=`` fails the walk below.
CREATE_ONLY = {
    "PairCreateForm": "a new pair",
    "LogEntryForm": "a new entry of the activity log",
    "InstrumentForm": "a new diagnostic instrument",
    "SectionForm": "a new section of an instrument",
    "NewsForm": "a new news item",
    "NormativeForm": "a new normative document",
    "HeadForm": "a new head from a date; the service closes the previous one",
}
# Edit forms still saved without a version. May only shrink: the test fails when one here
# becomes versioned (take it out) and when a new edit form is neither versioned nor listed.
NOT_YET_VERSIONED: set[str] = set()


def _project_modules() -> list[Path]:
    return [
        path
        for top in PROJECT
        for path in (ROOT / top).rglob("*.py")
        if "migrations" not in path.parts and "management" not in path.parts
    ]


def _model_forms() -> dict[str, type]:
    for path in _project_modules():
        if path.stem.endswith("forms"):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    found, todo = {}, [forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PROJECT:
                found[sub.__name__] = sub
    return found


def _forms_given_a_row() -> set[str]:
    """Names called with ``instance=`` anywhere in the project's views and services."""
    named = set()
    for path in _project_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and any(k.arg == "instance" for k in node.keywords)
            ):
                named.add(node.func.id)
    return named


def test_every_model_form_given_a_row_is_versioned_or_pending():
    model_forms = _model_forms()
    edit_forms = _forms_given_a_row() & set(model_forms)
    unprotected = {
        name
        for name in edit_forms
        if not issubclass(model_forms[name], VersionedFormMixin) and name not in NOT_YET_VERSIONED
    }
    assert unprotected == set(), "an edit form without a version: use VersionedFormMixin"
    assert not edit_forms & set(CREATE_ONLY), "a create-only form now edits a row"
    unknown = {
        name
        for name, form in model_forms.items()
        if not issubclass(form, VersionedFormMixin)
        and name not in set(CREATE_ONLY) | NOT_YET_VERSIONED
        and name not in edit_forms
    }
    assert unknown == set(), "a new ModelForm: version it, or say why it only creates rows"
    versioned_now = {n for n in NOT_YET_VERSIONED if issubclass(model_forms[n], VersionedFormMixin)}
    assert versioned_now == set(), "versioned now: take it out of NOT_YET_VERSIONED"


def test_every_edit_form_has_a_concurrent_edit_case():
    _model_forms()
    assert {f.__name__ for f in VersionedFormMixin.registry} <= set(FORM_CASES)


@pytest.mark.parametrize("name", sorted(FORM_CASES))
def test_a_stale_form_save_is_refused_and_nothing_is_lost(name, cast):
    case = FORM_CASES[name]
    row = case.build(cast)
    url = case.url(row)
    target = case.action(row) if case.action else url
    user = getattr(cast, case.user)
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    prefix = case.prefix(row) if case.prefix else ""
    marker = f"{prefix}row_version"
    # Both open the form; the first saves.
    data_first = page_form(first, url, marker, **{prefix + k: v for k, v in case.first.items()})
    data_second = page_form(second, url, marker, **{prefix + k: v for k, v in case.second.items()})
    (second_field,) = case.second
    (first_field,) = case.first
    before = _stored(row, second_field)
    response = first.post(target, data_first, **case.headers)
    assert response.status_code in (200, 302), response.content.decode()[:3000]
    assert STALE not in response.content.decode()
    assert _stored(row, first_field) == case.first[first_field]

    # The second, opened before that save, is refused: nothing written, the change shown.
    response = second.post(target, data_second, **case.headers)
    page = response.content.decode()
    assert STALE in page, page[:3000]
    assert _stored(row, first_field) == case.first[first_field]
    assert _stored(row, second_field) == before

    # The refused form keeps what the second person typed and now shows the first one's
    # value; saving it again is deliberate and loses neither change.
    again = form_data(page, marker)
    assert again[prefix + second_field] == case.second[second_field]
    assert again[prefix + first_field] == case.first[first_field]
    response = second.post(target, again, **case.headers)
    assert STALE not in response.content.decode()
    assert _stored(row, first_field) == case.first[first_field]
    assert _stored(row, second_field) == case.second[second_field]


def test_a_form_without_its_version_is_refused(cast):
    pair = PairFactory(programme__organisation=cast.school_a, title="Как было")
    client = Client()
    client.force_login(cast.curator_a)
    url = reverse("pairs:edit", args=[pair.pk])
    data = page_form(client, url, title="Без версии")
    del data["row_version"]
    response = client.post(url, data)
    assert "Форма устарела" in response.content.decode()
    pair.refresh_from_db()
    assert pair.title == "Как было"


def test_the_issue_scenario_pay_then_note(cast):
    """Two curators open one pair; A raises the extra pay and saves, B changes only the note
    and saves. B is refused with A's change named; the pay stays; B's second save keeps it."""
    pair = PairFactory(programme__organisation=cast.school_a, extra_pay_amount=5000)
    url = reverse("pairs:edit", args=[pair.pk])
    curator_b = member(Role.CURATOR, cast.school_a)
    a, b = Client(), Client()
    a.force_login(cast.curator_a)
    b.force_login(curator_b)
    form_a = page_form(a, url, extra_pay_amount="7000")
    form_b = page_form(b, url, compatibility_note="Договорились о встречах по средам")
    assert a.post(url, form_a).status_code == 302
    response = b.post(url, form_b)
    page = response.content.decode()
    assert STALE in page
    assert "было «5000», стало «7000»" in page
    pair.refresh_from_db()
    assert pair.extra_pay_amount == 7000 and pair.compatibility_note == ""
    assert b.post(url, form_data(page)).status_code == 302
    pair.refresh_from_db()
    assert pair.extra_pay_amount == 7000
    assert pair.compatibility_note == "Договорились о встречах по средам"


# --- API ------------------------------------------------------------------------------------


def _api(user) -> APIClient:
    _, key = ApiToken.issue(user=user, name="тест")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


API_CASES = {
    "staff": (lambda c: c.teacher_a, {"position": "Завуч"}, {"phone": "+7 900 000-00-00"}),
    "programme": (
        lambda c: ProgrammeFactory(organisation=c.school_a),
        {"title": "API: первый"},
        {"goals": "API: второй"},
    ),
    "plan": (
        lambda c: PlanFactory(pair__programme__organisation=c.school_a),
        {"goals": "API: первый"},
        {"ends_on": "2026-05-20"},
    ),
    "activity": (
        lambda c: PlanActivityFactory(plan__pair__programme__organisation=c.school_a),
        {"title": "API: первый"},
        {"expected_result": "API: второй"},
    ),
}


def test_every_api_update_is_versioned_and_has_a_case():
    updating = {
        basename
        for _, viewset, basename in router.registry
        if issubclass(viewset, mixins.UpdateModelMixin)
    }
    assert updating == set(API_CASES)
    for _, viewset, basename in router.registry:
        if basename in updating:
            assert issubclass(viewset, VersionedUpdateMixin), basename


@pytest.mark.parametrize("basename", sorted(API_CASES))
def test_a_stale_api_update_is_refused_with_409_and_nothing_is_written(basename, cast):
    build, first_change, second_change = API_CASES[basename]
    row = build(cast)
    url = reverse(f"api:{basename}-detail", args=[row.pk])
    client = _api(cast.curator_a)
    etag = client.get(url)["ETag"]
    assert etag.strip('"') == row_version(type(row)._base_manager.get(pk=row.pk))
    response = client.patch(url, first_change, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    (second_field,) = second_change
    before = _stored(row, second_field)
    response = client.patch(url, second_change, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409, response.json()
    body = response.json()
    assert STALE in body["detail"]
    (first_field,) = first_change
    assert body["current"][first_field] == first_change[first_field]
    assert _stored(row, second_field) == before
    response = client.patch(url, second_change, format="json", HTTP_IF_MATCH=response["ETag"])
    assert response.status_code == 200
    assert _stored(row, first_field) == first_change[first_field]
    assert _stored(row, second_field) == second_change[second_field]


def test_an_api_update_without_a_version_writes_only_what_it_changes(cast):
    """A client without If-Match that sends a whole row it read earlier does not revert a
    column someone changed since, unless it changes that column itself."""
    programme = ProgrammeFactory(organisation=cast.school_a, goals="старые цели")
    client = _api(cast.curator_a)
    url = reverse("api:programme-detail", args=[programme.pk])
    old = client.get(url).json()
    services.programme_update(programme=programme, acting_user=None, goals="новые цели")
    old["title"] = "Новое название"
    # The stale copy still says "старые цели" — unchanged by this client, so not written.
    response = client.patch(url, {"title": old["title"]}, format="json")
    assert response.status_code == 200
    programme.refresh_from_db()
    assert programme.title == "Новое название" and programme.goals == "новые цели"


# --- real concurrency on PostgreSQL ----------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_version_at_once_one_wins_one_is_refused(cast):
    pair = PairFactory(programme__organisation=cast.school_a, extra_pay_amount=5000)
    version = row_version(Pair.objects.get(pk=pair.pk))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(fields):
        from django.db import connections

        try:
            barrier.wait()
            services.pair_update(pair=pair, acting_user=None, version=version, **fields)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=({"extra_pay_amount": 7000},)),
        threading.Thread(target=save, args=({"compatibility_note": "заметка"},)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale"]
    pair.refresh_from_db()
    assert (pair.extra_pay_amount == 7000) != (pair.compatibility_note == "заметка")
    assert pair.starts_on == datetime.date(2025, 9, 1)
