"""The fixed cast every view test uses, and the guards for real services.

Two regions; region R1 has municipalities M1 (schools A and A2) and M2 (school C); region R2
has municipality M3 (school B). Each role is held by one user, so every test can ask "and
the outsider?" without building data of its own.
"""

from dataclasses import dataclass

import pytest
from django.db.models.signals import post_migrate
from django_scopes import scopes_disabled

from orgs.models import Role

from .factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    StaffMemberFactory,
    UserFactory,
    member,
)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql("why")`` cover a feature that exists only on PostgreSQL (its
    triggers, its row locks): on the embedded SQLite default they skip and say why. With
    REQUIRE_SERVICES=1 (CI's service run) they always run, so a missing database fails loudly."""
    from django.conf import settings

    if settings.REQUIRE_SERVICES or "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    for item in items:
        marker = item.get_closest_marker("postgresql")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL only: {marker.args[0]}"))


@pytest.fixture(autouse=True)
def _no_scope_in_test_bodies():
    """Test code arranges and inspects rows directly; requests still run inside the scope
    the middleware sets, where an unscoped query fails."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages and counters belong to one test's data (the caches are per process)."""
    from django.core.cache import caches

    for alias in ("default", "local"):
        caches[alias].clear()


@dataclass
class Cast:
    region1: object
    region2: object
    m1: object
    m2: object
    m3: object
    school_a: object
    school_a2: object
    school_c: object
    school_b: object
    curator_a: object
    director_a: object
    psychologist_a: object
    methodist_m1: object
    methodist_m2: object
    coordinator_r1: object
    curator_b: object
    methodist_m3: object
    coordinator_r2: object
    mentor_a: object
    admin: object
    teacher_a: object
    teacher_a2: object
    teacher_c: object
    teacher_b: object


@pytest.fixture
def cast(db) -> Cast:
    region1 = RegionFactory(name="Республика Алтай", code="04")
    region2 = RegionFactory(name="Томская область", code="70")
    m1 = MunicipalityFactory(region=region1, name="Онгудайский район")
    m2 = MunicipalityFactory(region=region1, name="Город Горно-Алтайск")
    m3 = MunicipalityFactory(region=region2, name="Город Кедровый")
    school_a = OrganisationFactory(municipality=m1, short_name="Онгудайская СОШ")
    school_a2 = OrganisationFactory(municipality=m1, short_name="Еловская СОШ")
    school_c = OrganisationFactory(municipality=m2, short_name="Гимназия № 3")
    school_b = OrganisationFactory(municipality=m3, short_name="Кедровская СОШ")
    teacher_a = StaffMemberFactory(organisation=school_a, last_name="Тадыева")
    return Cast(
        region1=region1,
        region2=region2,
        m1=m1,
        m2=m2,
        m3=m3,
        school_a=school_a,
        school_a2=school_a2,
        school_c=school_c,
        school_b=school_b,
        curator_a=member(Role.CURATOR, school_a, username="curator_a"),
        director_a=member(Role.DIRECTOR, school_a, username="director_a"),
        psychologist_a=member(Role.PSYCHOLOGIST, school_a, username="psychologist_a"),
        methodist_m1=member(Role.METHODIST, m1, username="methodist_m1"),
        methodist_m2=member(Role.METHODIST, m2, username="methodist_m2"),
        coordinator_r1=member(Role.REGION_COORDINATOR, region1, username="coordinator_r1"),
        curator_b=member(Role.CURATOR, school_b, username="curator_b"),
        methodist_m3=member(Role.METHODIST, m3, username="methodist_m3"),
        coordinator_r2=member(Role.REGION_COORDINATOR, region2, username="coordinator_r2"),
        mentor_a=UserFactory(username="mentor_a", staff_member=teacher_a),
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        teacher_a=teacher_a,
        teacher_a2=StaffMemberFactory(organisation=school_a2, last_name="Ябыштаева"),
        teacher_c=StaffMemberFactory(organisation=school_c, last_name="Манзырова"),
        teacher_b=StaffMemberFactory(organisation=school_b, last_name="Корнилова"),
    )


@pytest.fixture
def celery_eager():
    """Run Celery tasks in-process for this test, also when REDIS_URL is set (as in CI).

    Tests of pages that queue a task use this; tests of the worker itself use
    ``tests.services.celery_worker``."""
    from mentorship.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def run_tasks(celery_eager, django_capture_on_commit_callbacks):
    """``run_tasks(function, ...)``: call it, and run in-process the background tasks it
    queued once its writes commit, as a worker would right after."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def _reinstall_shipped_data(sender=None, using="default", **kwargs):
    """Transactional tests (real workers, browsers) end with a flush that also wipes the
    catalogues the data migrations ship (deficit areas, plan templates, ready instruments).
    Django sends post_migrate after that flush: re-run those (idempotent) data migrations."""
    from django.apps import apps as global_apps
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    if sender is None or sender.label != "orgs":
        return  # once per flush, not once per app
    loader = MigrationLoader(connections[using])
    ordered = []  # every migration in dependency order, as migrate applies them
    for leaf in loader.graph.leaf_nodes():
        ordered += [key for key in loader.graph.forwards_plan(leaf) if key not in ordered]
    with scopes_disabled():
        for key in ordered:
            if key[0] not in PROJECT_APPS:
                continue
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(global_apps, None)


PROJECT_APPS = {"orgs", "pairs", "diagnostics", "effectiveness", "documents", "api"}
post_migrate.connect(_reinstall_shipped_data, dispatch_uid="tests-reinstall-shipped-data")
