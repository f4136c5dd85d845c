"""The Django admin, opened to a methodist of another municipality with the staff flag and
every permission, shows and changes nothing of school A's rows, for every tenant model it
registers."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from orgs.models import Membership
from tests.isolation.objects import activity, database_fingerprint, document
from tests.isolation.victims.diagnostics import invitation
from tests.isolation.victims.effectiveness import school_event, school_road_map, school_series

pytestmark = pytest.mark.django_db


def tenant_admin_models():
    for model, model_admin in admin.site._registry.items():
        if hasattr(model._default_manager, "tenant_dimensions"):
            yield model, model_admin


def school_a_rows(cast) -> None:
    """One row of every tenant model for school A. Extend this when a model is added."""
    from pairs.models import PlanTemplate
    from tests.pairs.factories import LogEntryFactory, PlanActivityFactory

    planned = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    LogEntryFactory(pair=planned.plan.pair)
    PlanTemplate.objects.create(title="Шаблон школы А", organisation=cast.school_a)
    invitation(cast)  # a diagnostics campaign of school A with an invitation
    from monitoring.diagnostics.models import LifecycleSchedule

    LifecycleSchedule.objects.create(organisation=cast.school_a)
    from documents.services import wording_save

    document(cast)  # an order and its render job
    wording_save(
        issuer=cast.school_a,
        kind="target_model",
        texts={"grounds": "Своё основание"},
        acting_user=cast.curator_a,
    )
    school_event(cast)  # a school event with a participant
    school_series(cast)  # a school series with a session, a material and attendance
    school_road_map(cast)
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
        practice=practice, activity=activity(cast), acting_user=cast.curator_a
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
