"""Tenant isolation, proven for every route that takes an object id.

The test walks the whole URL configuration. Every route with an id must be listed in
``VICTIMS`` (a route added without an entry fails ``test_every_route_with_an_id_is_covered``).
For each route, outsiders from another organisation, another municipality and another region
send GET, POST, PUT, PATCH and DELETE for an object of school A: they get 404 (403 or 405 only
where the object is inside their scope, or the method does not exist), the body holds none of
the object's data, and nothing changes in the database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mentorship.api.models import ApiToken
from orgs.access import viewer_for
from orgs.models import Membership, Role
from tests import isolation_contest
from tests.factories import member

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Victim:
    """An object of school A behind a route: URL kwargs, its place in the tree, and text
    that must never reach an outsider."""

    kwargs: Callable[[object], dict]
    place: Callable[[object], object]  # the organisation, municipality or region it belongs to
    secret: Callable[[object], str]


def _school_a(c):
    return c.school_a


def _document(c):
    """An order of school A with a render job (created once per test)."""
    from documents.models import RenderJob
    from documents.services import document_create

    if not hasattr(c, "_document"):
        c._document = document_create(
            issuer=c.school_a,
            kind="target_model",
            date=datetime.date(2025, 9, 1),
            title="Об организации наставничества в Онгудайской школе",
            params={},
            acting_user=c.curator_a,
        )
        c._job = RenderJob.objects.create(document=c._document, owner=c.curator_a)
    return c._document


def _doc_kwargs(**extra):
    return lambda c: {"pk": _document(c).pk, **extra}


def _activity(c):
    """A plan activity of a pair of school A (created once per test)."""
    from tests.pairs.factories import PlanActivityFactory

    if not hasattr(c, "_activity"):
        c._activity = PlanActivityFactory(
            plan__pair__programme__organisation=c.school_a, title="Посещение уроков наставника"
        )
    return c._activity


VICTIMS: dict[str, Victim] = {
    "orgs:workspace": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.teacher_a.last_name
    ),
    "orgs:requisites": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.name
    ),
    "monitoring:municipality_overview": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "monitoring:municipality_refresh": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "monitoring:region_overview": Victim(
        lambda c: {"pk": c.region1.pk}, lambda c: c.region1, lambda c: "Онгудайский район"
    ),
    "monitoring:school_overview": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.name
    ),
    "monitoring:diagnostics": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.short_name
    ),
    "documents:organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.short_name
    ),
    "api_token_revoke": Victim(
        lambda c: {"pk": ApiToken.issue(user=c.curator_a, name="ИС Онгудай")[0].pk},
        _school_a,
        lambda c: "ИС Онгудай",
    ),
    "api:region-detail": Victim(
        lambda c: {"pk": c.region1.pk}, lambda c: c.region1, lambda c: c.region1.name
    ),
    "api:municipality-detail": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.m1.name
    ),
    "api:organisation-detail": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.name
    ),
    "api:staff-detail": Victim(
        lambda c: {"pk": c.teacher_a.pk}, _school_a, lambda c: c.teacher_a.last_name
    ),
    "api:programme-detail": Victim(
        lambda c: {"pk": _activity(c).plan.pair.programme_id},
        _school_a,
        lambda c: _activity(c).plan.pair.programme.title,
    ),
    "api:programme-close": Victim(
        lambda c: {"pk": _activity(c).plan.pair.programme_id},
        _school_a,
        lambda c: _activity(c).plan.pair.programme.title,
    ),
    "api:pair-detail": Victim(
        lambda c: {"pk": _activity(c).plan.pair_id},
        _school_a,
        lambda c: _activity(c).plan.mentee.last_name,
    ),
    "api:pair-change-status": Victim(
        lambda c: {"pk": _activity(c).plan.pair_id},
        _school_a,
        lambda c: _activity(c).plan.mentee.last_name,
    ),
    "documents:pair_consent_request": Victim(
        lambda c: {"pk": _activity(c).plan.pair_id},
        _school_a,
        lambda c: _activity(c).plan.mentee.last_name,
    ),
    "api:pair-consent": Victim(
        lambda c: {"pk": _activity(c).plan.pair_id},
        _school_a,
        lambda c: _activity(c).plan.mentee.last_name,
    ),
    "api:plan-detail": Victim(
        lambda c: {"pk": _activity(c).plan_id}, _school_a, lambda c: _activity(c).title
    ),
    "api:plan-activities": Victim(
        lambda c: {"pk": _activity(c).plan_id}, _school_a, lambda c: _activity(c).title
    ),
    "api:activity-detail": Victim(
        lambda c: {"pk": _activity(c).pk}, _school_a, lambda c: _activity(c).title
    ),
    "api:activity-done": Victim(
        lambda c: {"pk": _activity(c).pk}, _school_a, lambda c: _activity(c).title
    ),
    "documents:detail": Victim(_doc_kwargs(), _school_a, lambda c: _document(c).title),
    "documents:preview": Victim(_doc_kwargs(), _school_a, lambda c: _document(c).title),
    "documents:issue": Victim(_doc_kwargs(), _school_a, lambda c: _document(c).title),
    "documents:revoke": Victim(_doc_kwargs(), _school_a, lambda c: _document(c).title),
    "documents:upload_scan": Victim(_doc_kwargs(), _school_a, lambda c: _document(c).title),
    "documents:download": Victim(_doc_kwargs(fmt="pdf"), _school_a, lambda c: _document(c).title),
    "documents:job": Victim(
        lambda c: {"pk": (_document(c), c._job)[1].pk}, _school_a, lambda c: _document(c).title
    ),
    "documents:job_retry": Victim(
        lambda c: {"pk": (_document(c), c._job)[1].pk}, _school_a, lambda c: _document(c).title
    ),
    "documents:organisation_create": Victim(
        lambda c: {"pk": c.school_a.pk, "kind": "target_model"},
        _school_a,
        lambda c: c.school_a.name,
    ),
    "documents:organisation_wording": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.name
    ),
    "documents:municipality": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "documents:municipality_wording": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.m1.name
    ),
    "documents:municipality_create": Victim(
        lambda c: {"pk": c.m1.pk, "kind": "roadmap_order"}, lambda c: c.m1, lambda c: c.m1.name
    ),
    "api:dashboard-municipality": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "api:dashboard-organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.school_a.short_name
    ),
    "api:document-detail": Victim(_doc_kwargs(), _school_a, lambda c: _document(c).title),
    "api:document-job-detail": Victim(
        lambda c: {"pk": (_document(c), c._job)[1].pk}, _school_a, lambda c: _document(c).title
    ),
    "api:staff-leave": Victim(
        lambda c: {"pk": c.teacher_a.pk}, _school_a, lambda c: c.teacher_a.last_name
    ),
}


def _pair(c):
    return _activity(c).plan.pair


def _plan(c):
    return _activity(c).plan


def _mentee_name(c):
    return _plan(c).mentee.last_name


def _instrument(c):
    """A questionnaire built by municipality M1, with a version and a section."""
    from monitoring.diagnostics.models import Instrument, InstrumentVersion, Section

    if not hasattr(c, "_instrument"):
        c._instrument = Instrument.objects.create(
            title="Анкета Онгудайского района",
            purpose="deficits",
            audience="teacher",
            region=c.region1,
            municipality=c.m1,
        )
        version = InstrumentVersion.objects.create(instrument=c._instrument, number=1)
        c._section = Section.objects.create(version=version, title="Раздел Онгудая")
    return c._instrument


def _invitation(c):
    """An invitation of teacher A to a difficulties campaign of school A."""
    from tests.monitoring.diagnostics.factories import launch

    if not hasattr(c, "_invitation"):
        campaign = launch(
            user=c.curator_a,
            organisation=c.school_a,
            staff=[c.teacher_a],
            title="Диагностика Онгудайской школы",
        )
        c._invitation = campaign.invitations.get()
    return c._invitation


def _typical_pk(c):
    from monitoring.diagnostics.models import TypicalActivity
    from orgs.models import DeficitArea

    typical, _ = TypicalActivity.objects.get_or_create(
        area=DeficitArea.objects.order_by("pk").first(), title="Тренинг «Учусь строить отношения»"
    )
    return typical.pk


def _org(c):
    return {"org_pk": c.school_a.pk}


def _school_name(c):
    return c.school_a.short_name


PAIRS_VICTIMS = {
    "pairs:list": Victim(_org, _school_a, _school_name),
    "pairs:create": Victim(_org, _school_a, _school_name),
    "pairs:staff_search": Victim(_org, _school_a, _school_name),
    "pairs:programmes": Victim(_org, _school_a, _school_name),
    "pairs:programme_create": Victim(_org, _school_a, _school_name),
    "pairs:log": Victim(_org, _school_a, _school_name),
    "pairs:cohort": Victim(_org, _school_a, lambda c: c.teacher_a.last_name),
    "pairs:suggest": Victim(
        lambda c: {"pk": c.teacher_a.pk}, _school_a, lambda c: c.teacher_a.last_name
    ),
    "pairs:programme_edit": Victim(
        lambda c: {"pk": _pair(c).programme_id}, _school_a, lambda c: _pair(c).programme.title
    ),
    "pairs:programme_close": Victim(
        lambda c: {"pk": _pair(c).programme_id}, _school_a, lambda c: _pair(c).programme.title
    ),
    **{
        name: Victim(lambda c: {"pk": _pair(c).pk}, _school_a, _mentee_name)
        for name in (
            "pairs:detail",
            "pairs:edit",
            "pairs:status",
            "pairs:extend",
            "pairs:consent_record",
            "pairs:consent_scan",
        )
    },
    **{
        name: Victim(lambda c: {"pair_pk": _pair(c).pk}, _school_a, _mentee_name)
        for name in ("pairs:plan_create", "pairs:log_add")
    },
    **{
        name: Victim(lambda c: {"pk": _plan(c).pk}, _school_a, _mentee_name)
        for name in (
            "pairs:plan",
            "pairs:plan_print",
            "pairs:plan_edit",
            "pairs:activity_add",
            "pairs:plan_reorder",
            "pairs:plan_shift",
            "pairs:plan_save_template",
        )
    },
    **{
        name: Victim(lambda c: {"pk": _activity(c).pk}, _school_a, lambda c: _activity(c).title)
        for name in (
            "pairs:activity_edit",
            "pairs:activity_row",
            "pairs:activity_done",
            "pairs:activity_delete",
            "pairs:activity_move",
        )
    },
}

DIAGNOSTICS = "monitoring:diagnostics:"
DIAGNOSTICS_VICTIMS = {
    DIAGNOSTICS + "municipality": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _school_name),
    **{
        DIAGNOSTICS + name: Victim(
            lambda c: {"pk": _instrument(c).pk}, lambda c: c.m1, lambda c: _instrument(c).title
        )
        for name in ("instrument", "section_add", "version_publish", "version_new")
    },
    DIAGNOSTICS + "question_add": Victim(
        lambda c: {"pk": _instrument(c).pk, "section_pk": c._section.pk},
        lambda c: c.m1,
        lambda c: _instrument(c).title,
    ),
    **{
        DIAGNOSTICS + name: Victim(
            lambda c: {"pk": _invitation(c).campaign_id},
            _school_a,
            lambda c: _invitation(c).campaign.title,
        )
        for name in ("campaign", "campaign_close", "results", "compare", "satisfaction")
    },
    DIAGNOSTICS + "municipality_satisfaction": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _school_name
    ),
    DIAGNOSTICS + "version_rule": Victim(
        lambda c: {"pk": _instrument(c).pk}, lambda c: c.m1, lambda c: _instrument(c).title
    ),
    DIAGNOSTICS + "schedule": Victim(lambda c: {"pk": c.school_a.pk}, _school_a, _school_name),
    DIAGNOSTICS + "school_results": Victim(
        lambda c: {"organisation_pk": c.school_a.pk, "pk": _invitation(c).campaign_id},
        _school_a,
        lambda c: _invitation(c).campaign.title,
    ),
    DIAGNOSTICS + "profile": Victim(
        lambda c: {"pk": c.teacher_a.pk}, _school_a, lambda c: c.teacher_a.last_name
    ),
    DIAGNOSTICS + "compatibility": Victim(lambda c: {"pk": c.school_a.pk}, _school_a, _school_name),
    DIAGNOSTICS + "compatibility_decide": Victim(
        lambda c: {"pk": _pair(c).pk}, _school_a, _mentee_name
    ),
    DIAGNOSTICS + "plan": Victim(lambda c: {"pk": _plan(c).pk}, _school_a, _mentee_name),
    DIAGNOSTICS + "plan_add": Victim(
        lambda c: {"pk": _plan(c).pk, "typical_pk": _typical_pk(c)}, _school_a, _mentee_name
    ),
    DIAGNOSTICS + "answer": Victim(
        lambda c: {"pk": _invitation(c).pk}, _school_a, lambda c: _invitation(c).campaign.title
    ),
    DIAGNOSTICS + "answer_section": Victim(
        lambda c: {"pk": _invitation(c).pk, "number": 1},
        _school_a,
        lambda c: _invitation(c).campaign.title,
    ),
}


def _import_job(c):
    """An import job of school A (created once per test)."""
    from orgs.models import ImportJob

    if not hasattr(c, "_import_job"):
        c._import_job = ImportJob.objects.create(
            organisation=c.school_a,
            owner=c.curator_a,
            filename="Педагоги Онгудай.csv",
            content=b"",
            status=ImportJob.Status.PREVIEW,
            result={"create": [], "update": [], "unchanged": 0, "errors": []},
        )
    return c._import_job


def _base_mentor(c):
    from orgs.services import mentor_profile_save

    mentor_profile_save(person=c.teacher_a, capacity=2)
    return c.teacher_a.last_name


ORGS_VICTIMS = {
    **{
        "orgs:" + name: Victim(
            lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.teacher_a.last_name
        )
        for name in (
            "staff_list",
            "staff_add",
            "import",
            "import_template",
            "import_export",
            "cohort_moved",
            "history",
        )
    },
    **{
        "orgs:" + name: Victim(
            lambda c: {"pk": c.teacher_a.pk}, _school_a, lambda c: c.teacher_a.last_name
        )
        for name in (
            "staff_card",
            "staff_edit",
            "staff_leave",
            "mentor_profile",
            "suggest_moved",
            "personal_data",
            "anonymise",
        )
    },
    **{
        "orgs:" + name: Victim(
            lambda c: {"pk": _import_job(c).pk}, _school_a, lambda c: _import_job(c).filename
        )
        for name in ("import_job", "import_confirm")
    },
    "orgs:role_revoke": Victim(
        lambda c: {"pk": c.curator_a.memberships.get().pk},
        _school_a,
        lambda c: c.curator_a.get_full_name(),
    ),
    "orgs:mentor_base": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _base_mentor),
    "orgs:weights": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _school_name),
    "orgs:municipality_requisites": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: "Онгудайский район"
    ),
    "orgs:municipality_history": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.teacher_a.last_name
    ),
}
VICTIMS.update(ORGS_VICTIMS)
VICTIMS.update(PAIRS_VICTIMS)
VICTIMS.update(DIAGNOSTICS_VICTIMS)

EFFECTIVENESS = "monitoring:effectiveness:"


def _campaign(c):
    """The year's monitoring of M1 with a form for school A (created once per test)."""
    from monitoring.effectiveness.services import campaign_open

    if not hasattr(c, "_campaign"):
        c._campaign = campaign_open(municipality=c.m1, year=2026, acting_user=c.methodist_m1)
    return c._campaign


def _form_kwargs(c):
    return {"pk": _campaign(c).forms.get(organisation=c.school_a).pk}


def _road_map(c):
    from monitoring.effectiveness.services import road_map_load_seed

    if not hasattr(c, "_road_map"):
        c._road_map = road_map_load_seed(municipality=c.m1)
    return c._road_map


def _school_event(c):
    """A school event of school A with one of its teachers taking part."""
    from monitoring.effectiveness.models import Event, Participation

    if not hasattr(c, "_school_event"):
        c._school_event = Event.objects.create(
            region_id=c.school_a.region_id,
            municipality_id=c.school_a.municipality_id,
            organisation=c.school_a,
            kind=Event.Kind.SEMINAR,
            level=Event.Level.SCHOOL,
            title="Семинар школы А «Тайный урок»",
            starts_on=datetime.date(2026, 3, 1),
        )
        c._participation = Participation.objects.create(
            event=c._school_event, person=c.teacher_a, organisation=c.school_a
        )
    return c._school_event


def _municipal_event(c):
    from monitoring.effectiveness.models import Event

    return Event.objects.create(
        region_id=c.m1.region_id,
        municipality=c.m1,
        kind=Event.Kind.CONTEST,
        level=Event.Level.MUNICIPAL,
        title="Конкурс М1 «Секретный дебют»",
        starts_on=datetime.date(2026, 4, 1),
    )


def _school_series(c):
    """A series of school A with a session, a material file and a teacher's attendance."""
    from django.core.files.base import ContentFile

    from monitoring.effectiveness import services
    from monitoring.effectiveness.models import Event, Session

    if not hasattr(c, "_school_series"):
        event = services.series_save(
            event=Event(
                municipality_id=c.school_a.municipality_id,
                organisation=c.school_a,
                kind=Event.Kind.SERIES,
                title="Школа молодого педагога «Тайный класс»",
                starts_on=datetime.date(2026, 9, 1),
            ),
            acting_user=None,
        )
        session = services.session_save(
            session=Session(
                event=event,
                date=datetime.date(2026, 10, 1),
                topic="Тайный урок",
                leader_name="Гость",
            ),
            acting_user=None,
        )
        c._material = services.material_add(
            session=session,
            title="Тайная памятка",
            file=ContentFile(b"%PDF-1.4 secret", name="memo.pdf"),
            acting_user=None,
        )
        services.series_enrol(event=event, person=c.teacher_a, acting_user=None)
        services.attendance_set(session=session, present=[c.teacher_a], acting_user=None)
        c._school_series, c._session = event, session
    return c._school_series


def _school_road_map(c):
    from monitoring.effectiveness.services import road_map_copy_for_organisation

    if not hasattr(c, "_school_road_map"):
        c._school_road_map = road_map_copy_for_organisation(
            source=_road_map(c), organisation=c.school_a, acting_user=None
        )
    return c._school_road_map


def _first_year_row(road_map):
    from monitoring.effectiveness.models import RoadMapYear

    return RoadMapYear.objects.filter(item__section__road_map=road_map, target__gt=0).first()


def _act_with_file(c):
    from django.core.files.base import ContentFile

    from monitoring.effectiveness.services import local_act_save

    return local_act_save(
        organisation=c.school_a,
        position=2,
        number="секретный-1",
        date=datetime.date(2026, 9, 1),
        file=ContentFile(b"%PDF-1.4 secret", name="act.pdf"),
        acting_user=None,
    )


def _evidence(c):
    from django.core.files.base import ContentFile

    from monitoring.effectiveness.models import Form

    answer = Form.objects.get(**_form_kwargs(c)).answers.first()
    answer.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4 secret"))
    return {"pk": answer.pk}


EFFECTIVENESS_VICTIMS = {
    EFFECTIVENESS + "criteria": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: "Критерии эффективности"
    ),
    EFFECTIVENESS + "municipality_events": Victim(
        lambda c: {"pk": _municipal_event(c).municipality_id},
        lambda c: c.m1,
        lambda c: "Секретный дебют",
    ),
    EFFECTIVENESS + "organisation_events": Victim(
        lambda c: {"pk": _school_event(c).organisation_id}, _school_a, lambda c: "Тайный урок"
    ),
    EFFECTIVENESS + "event": Victim(
        lambda c: {"pk": _school_event(c).pk}, _school_a, lambda c: "Тайный урок"
    ),
    EFFECTIVENESS + "participation_delete": Victim(
        lambda c: {"pk": (_school_event(c), c._participation)[1].pk},
        _school_a,
        lambda c: "Тайный урок",
    ),
    EFFECTIVENESS + "municipality_series": Victim(
        lambda c: {"pk": _municipal_event(c).municipality_id},
        lambda c: c.m1,
        lambda c: "Секретный дебют",
    ),
    EFFECTIVENESS + "organisation_series": Victim(
        lambda c: {"pk": _school_series(c).organisation_id}, _school_a, lambda c: "Тайный класс"
    ),
    EFFECTIVENESS + "series": Victim(
        lambda c: {"pk": _school_series(c).pk}, _school_a, lambda c: "Тайный класс"
    ),
    EFFECTIVENESS + "session": Victim(
        lambda c: {"pk": (_school_series(c), c._session)[1].pk}, _school_a, lambda c: "Тайный урок"
    ),
    EFFECTIVENESS + "material_file": Victim(
        lambda c: {"pk": (_school_series(c), c._material)[1].pk}, _school_a, lambda c: "secret"
    ),
    EFFECTIVENESS + "material_delete": Victim(
        lambda c: {"pk": (_school_series(c), c._material)[1].pk},
        _school_a,
        lambda c: "Тайная памятка",
    ),
    EFFECTIVENESS + "road_map_year": Victim(
        lambda c: {"pk": _first_year_row(_school_road_map(c)).pk},
        _school_a,
        lambda c: "Изучение и систематизация",
    ),
    EFFECTIVENESS + "website_checked": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, _school_name
    ),
    EFFECTIVENESS + "act_file": Victim(
        lambda c: {"pk": _act_with_file(c).pk}, _school_a, lambda c: "secret"
    ),
    EFFECTIVENESS + "evidence_file": Victim(_evidence, _school_a, lambda c: "secret"),
    EFFECTIVENESS + "municipality": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: "Мониторинг эффективности"
    ),
    EFFECTIVENESS + "local_acts": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _school_name),
    EFFECTIVENESS + "school_road_maps": Victim(
        lambda c: {"pk": _school_road_map(c).municipality_id},
        lambda c: c.m1,
        lambda c: "Изучение и систематизация",
    ),
    EFFECTIVENESS + "municipality_road_map": Victim(
        lambda c: {"pk": _road_map(c).municipality_id}, lambda c: c.m1, lambda c: "Дорожная"
    ),
    EFFECTIVENESS + "campaign": Victim(
        lambda c: {"pk": _campaign(c).pk}, lambda c: c.m1, _school_name
    ),
    EFFECTIVENESS + "organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, _school_name
    ),
    EFFECTIVENESS + "form": Victim(_form_kwargs, _school_a, _school_name),
    EFFECTIVENESS + "decide": Victim(_form_kwargs, _school_a, _school_name),
    EFFECTIVENESS + "road_map": Victim(
        lambda c: {"pk": _road_map(c).pk}, lambda c: c.m1, lambda c: "Изучение и систематизация"
    ),
}
VICTIMS.update(EFFECTIVENESS_VICTIMS)


def _practice(c):
    from documents.publication.models import Practice

    if not hasattr(c, "_practice"):
        c._practice = Practice.objects.create(
            organisation=c.school_a,
            title="Практика школы А «Тайный круг»",
            form="teacher_teacher",
            format="group",
            description="Описание",
        )
    return c._practice


PUBLICATION_VICTIMS = {
    "publication:organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: "Тайный круг"
    ),
    "publication:practice_create": Victim(
        lambda c: {"pk": c.school_a.pk}, _school_a, lambda c: c.teacher_a.last_name
    ),
    "publication:practice": Victim(
        lambda c: {"pk": _practice(c).pk}, _school_a, lambda c: "Тайный круг"
    ),
    "publication:practice_decide": Victim(
        lambda c: {"pk": _practice(c).pk}, _school_a, lambda c: "Тайный круг"
    ),
    "publication:municipality": Victim(
        lambda c: {"pk": (_practice(c), c.m1)[1].pk}, lambda c: c.m1, lambda c: "Тайный круг"
    ),
    "publication:bank": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _school_name),
    "publication:practice_file": Victim(
        lambda c: {"pk": _practice(c).pk}, _school_a, lambda c: "Тайный круг"
    ),
    "publication:region": Victim(
        lambda c: {"pk": _region_normative(c).region_id},
        lambda c: c.region1,
        lambda c: "Тайное распоряжение",
    ),
}


def _region_normative(c):
    """A normative document of region R1, shown on its municipalities' pages."""
    from documents.publication.models import NormativeDocument

    return NormativeDocument.objects.create(
        region=c.region1,
        level="regional",
        title="Тайное распоряжение региона",
        url="https://example.ru/act",
    )


VICTIMS.update(PUBLICATION_VICTIMS)
VICTIMS.update(isolation_contest.victims(Victim, _school_a))

# Routes whose ids are not tenant objects: each with the reason.
NOT_TENANT_ROUTES = {
    "password_reset_confirm": "a signed token for the account in the link itself",
    "api:api-root": "no id",
    "documents:verify": "public check of a certificate by its unguessable code (by design)",
    "pairs:calendar": "a private calendar feed: the unguessable, revocable token is the key",
    **{
        f"public:{name}": "public page: shows only published rows (tests/documents/publication)"
        for name in (
            "document_file",
            "normative_file",
            "news_photo",
            "municipality",
            "municipality_feed",
            "practice",
            "organisation",
            "organisation_feed",
            "municipality_atom",
            "organisation_atom",
            "practice_file",
        )
    },
}

OBJECT_ID = re.compile(r"<(?:int|str|path|slug|uuid):\w+>|\(\?P<\w+>")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


def routes_with_ids() -> set[str]:
    found = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if name is None or name.startswith("admin:") or not OBJECT_ID.search(pattern):
            continue
        if "format" in pattern and name.startswith("api:"):
            continue  # the router's ".json" suffix twins of the same views
        found.add(name)
    return found


def test_every_route_with_an_id_is_covered():
    uncovered = routes_with_ids() - set(VICTIMS) - set(NOT_TENANT_ROUTES)
    assert not uncovered, f"Add these routes to VICTIMS in {__file__}: {sorted(uncovered)}"


def database_fingerprint() -> dict:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def outsiders(cast) -> dict[str, object]:
    curator_a2 = member(Role.CURATOR, cast.school_a2, username="curator_a2")
    return {
        "другая организация того же муниципалитета": curator_a2,
        "другой муниципалитет того же региона": cast.methodist_m2,
        "другой регион (куратор)": cast.curator_b,
        "другой регион (координатор)": cast.coordinator_r2,
    }


def inside_scope(user, place) -> bool:
    scope = viewer_for(user).scope
    region = getattr(place, "region_id", place.pk)
    municipality = getattr(place, "municipality_id", None)
    if place.__class__.__name__ == "Municipality":
        municipality = place.pk
    organisation = place.pk if place.__class__.__name__ == "Organisation" else None
    return (
        (scope.regions is None or region in scope.regions)
        and (
            scope.municipalities is None
            or municipality in scope.municipalities
            or municipality is None
        )
        and (
            scope.organisations is None
            or organisation in scope.organisations
            or organisation is None
        )
    )


@pytest.mark.parametrize("route", sorted(VICTIMS))
def test_outsiders_get_nothing_for_an_object_of_another_tenant(client, cast, route):
    victim = VICTIMS[route]
    url = reverse(route, kwargs=victim.kwargs(cast))
    secret = victim.secret(cast)
    place = victim.place(cast)
    for label, user in outsiders(cast).items():
        client.force_login(user)
        before = database_fingerprint()
        # A shared parent (the municipality or region a school belongs to) is readable by
        # its members; they may still change nothing of it.
        shared_parent = inside_scope(user, place)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={}, content_type="application/json")
            if shared_parent:
                allowed = {200, 403, 405} if method == "get" else {403, 405}
            else:
                allowed = {404, 405}
                assert secret not in response.content.decode(), (label, method)
            assert response.status_code in allowed, (label, method, response.status_code)
        assert database_fingerprint() == before, (label, route)


def tenant_admin_models():
    for model, model_admin in admin.site._registry.items():
        if hasattr(model._default_manager, "tenant_dimensions"):
            yield model, model_admin


def school_a_rows(cast) -> None:
    """One row of every tenant model for school A. Extend this when a model is added."""
    from pairs.models import PlanTemplate
    from tests.pairs.factories import LogEntryFactory, PlanActivityFactory

    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    LogEntryFactory(pair=activity.plan.pair)
    PlanTemplate.objects.create(title="Шаблон школы А", organisation=cast.school_a)
    _invitation(cast)  # a diagnostics campaign of school A with an invitation
    from monitoring.diagnostics.models import LifecycleSchedule

    LifecycleSchedule.objects.create(organisation=cast.school_a)
    from documents.services import wording_save

    _document(cast)  # an order and its render job
    wording_save(
        issuer=cast.school_a,
        kind="target_model",
        texts={"grounds": "Своё основание"},
        acting_user=cast.curator_a,
    )
    _school_event(cast)  # a school event with a participant
    _school_series(cast)  # a school series with a session, a material and attendance
    _school_road_map(cast)
    from monitoring.effectiveness import services as effectiveness

    effectiveness.local_act_save(
        organisation=cast.school_a,
        position=1,
        number="7-од",
        date=datetime.date(2026, 9, 1),
        acting_user=cast.curator_a,
    )
    effectiveness.website_section_save(
        organisation=cast.school_a, url="https://school-a.example.ru/mentor", acting_user=None
    )
    _publication_rows(cast)


def _publication_rows(cast) -> None:
    """School A's public page, news, a practice used by a plan activity, an author's
    consent, and M1's normative document."""
    from documents.publication import services as publication
    from documents.publication.models import NewsItem, NormativeDocument, Practice

    publication.page_save(place=cast.school_a, acting_user=cast.curator_a, slug="school-a")
    publication.news_save(
        news=NewsItem(title="Новость школы А", text="…", published_on=datetime.date(2026, 9, 1)),
        place=cast.school_a,
        acting_user=cast.curator_a,
    )
    practice = Practice(
        organisation=cast.school_a,
        title="Практика школы А",
        form="teacher_teacher",
        format="group",
        description="…",
    )
    publication.practice_save(
        practice=practice,
        authors=[cast.teacher_a],
        subjects=[],
        deficit_areas=[],
        acting_user=cast.curator_a,
    )
    publication.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
    practice = publication.practice_decide(
        practice=practice, action="accept", acting_user=cast.methodist_m1
    )
    publication.practice_use_add(
        practice=practice, activity=_activity(cast), acting_user=cast.curator_a
    )
    publication.author_consent_set(staff=cast.teacher_a, consent=True, acting_user=cast.mentor_a)
    NormativeDocument.objects.create(
        region=cast.region1,
        municipality=cast.m1,
        level="municipal",
        title="Приказ управления образования М1",
        url="https://example.ru/m1",
    )


def victim_of(model, cast):
    """The row of ``model`` that belongs to school A (or its municipality M1)."""
    if model._meta.label_lower == "orgs.membership":
        return Membership.objects.filter(user=cast.curator_a).first()
    field_names = {f.name for f in model._meta.get_fields()}
    if model._meta.label_lower == "orgs.organisation":
        return cast.school_a
    if model._meta.label_lower == "orgs.municipality":
        return cast.m1
    # A municipality's own rows (an empty organisation key) stand in where a model has no row
    # of school A, e.g. normative documents.
    if "organisation" in field_names:
        row = model._default_manager.filter(organisation=cast.school_a).first()
        if row is not None or "municipality" not in field_names:
            return row
    if "municipality" in field_names:
        return model._default_manager.filter(municipality=cast.m1).first()
    return None  # region-level rows (the region itself) are shared by M1 and M2


def test_the_admin_shows_a_methodist_nothing_of_another_municipality(client, cast):
    from django.contrib.auth.models import Permission

    school_a_rows(cast)
    methodist = cast.methodist_m2
    methodist.is_staff = True
    methodist.save()
    methodist.user_permissions.set(Permission.objects.all())
    client.force_login(methodist)
    for model, _ in tenant_admin_models():
        label = model._meta.label_lower
        obj = victim_of(model, cast)
        if obj is None:
            assert label == "orgs.region", f"Create a row of {label} in school_a_rows()"
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = client.get(reverse(f"{prefix}_changelist")).content.decode()
        assert f"/{obj.pk}/change/" not in changelist, label
        before = database_fingerprint()
        for view in ("change", "delete", "history"):
            url = reverse(f"{prefix}_{view}", args=[obj.pk])
            response = client.get(url)
            # 403: the admin forbids that action on every row (e.g. deleting a document).
            assert response.status_code in {302, 403, 404}, (label, view)
            assert str(obj) not in response.content.decode(), (label, view)
            client.post(url, {"post": "yes"})
        assert database_fingerprint() == before, label
