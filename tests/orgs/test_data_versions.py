"""PostgreSQL raises a tenant's data version on every write of a row it owns, whatever the
code path; cached pages rely on it (orgs/data_versions.py, mentorship/fragments.py)."""

import pytest
from django.db import connection

from orgs import data_versions
from orgs.models import DeficitArea, Municipality, Organisation, StaffMember
from pairs.models import PlanTemplate
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.postgresql("the data versions are raised by PostgreSQL triggers")


def versions(*tenants) -> list[int]:
    return [type(t).objects.values_list("data_version", flat=True).get(pk=t.pk) for t in tenants]


def test_every_table_with_a_tenant_key_is_watched(db):
    with connection.cursor() as cursor:
        tables = set(data_versions.tenant_tables(cursor))
    assert {"pairs_pair", "pairs_planactivity", "orgs_staffmember", "diagnostics_answer"} <= tables
    assert tables - data_versions.watched_tables() == set()


def test_a_migrate_that_changes_nothing_touches_no_trigger(db):
    """A deployment's migrate takes no table lock when the schema is what it was; a missing
    trigger comes back."""
    assert data_versions.install() == 0
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER data_version_delete ON pairs_logentry")
    assert "pairs_logentry" not in data_versions.watched_tables()
    assert data_versions.install() == 1
    assert "pairs_logentry" in data_versions.watched_tables()


def test_any_write_raises_its_school_and_nothing_else(cast):
    school, other = cast.school_a, cast.school_a2
    before = versions(school, other, cast.m1)

    person = StaffMemberFactory(organisation=school)  # save()
    after_insert = versions(school, other, cast.m1)
    assert after_insert[0] > before[0]
    assert after_insert[1:] == before[1:]  # the neighbour school and the municipality

    StaffMember.objects.filter(pk=person.pk).update(position="Учитель истории")  # no signals
    after_update = versions(school)[0]
    assert after_update > after_insert[0]

    StaffMember.objects.bulk_create(
        [
            StaffMember(
                region=cast.region1,
                municipality=cast.m1,
                organisation=school,
                last_name="Пак",
                first_name="Ия",
                position="Учитель",
            )
        ]
    )
    after_bulk = versions(school)[0]
    assert after_bulk > after_update

    with connection.cursor() as cursor:  # a fix made by hand in psql
        cursor.execute("DELETE FROM orgs_staffmember WHERE id = %s", [person.pk])
    assert versions(school)[0] > after_bulk
    assert versions(other, cast.m1) == before[1:]


def test_a_row_moved_to_another_school_raises_both(cast):
    person = StaffMemberFactory(organisation=cast.school_a)
    before = versions(cast.school_a, cast.school_a2)
    StaffMember.objects.filter(pk=person.pk).update(
        organisation=cast.school_a2, municipality=cast.m1
    )
    after = versions(cast.school_a, cast.school_a2)
    assert after[0] > before[0] and after[1] > before[1]


def test_shared_rows_raise_their_municipality_or_region(cast):
    school, m1, region = cast.school_a, cast.m1, cast.region1
    before = versions(school, m1, region)
    elsewhere = versions(cast.region2, cast.m3)
    PlanTemplate.objects.create(title="Шаблон муниципалитета", region=region, municipality=m1)
    after = versions(school, m1, region)
    assert after[1] > before[1]
    assert after[0] == before[0] and after[2] == before[2]

    DeficitArea.objects.create(code="local", name="Своя область", region=region)
    assert versions(region)[0] > after[2]
    assert versions(cast.region2, cast.m3) == elsewhere


def test_a_stale_save_never_moves_a_version_back(cast):
    stale = Organisation.objects.get(pk=cast.school_a.pk)
    StaffMemberFactory(organisation=cast.school_a)
    raised = versions(cast.school_a)[0]
    assert stale.data_version < raised
    stale.address = "с. Онгудай, ул. Советская, 1"
    stale.save()  # writes the old counter it holds in memory
    assert versions(cast.school_a)[0] > raised
    municipality = Municipality.objects.get(pk=cast.m1.pk)
    municipality.name = "Онгудайский муниципальный район"
    municipality.save()
    assert versions(municipality)[0] > cast.m1.data_version


@pytest.mark.parametrize("model", [Municipality, Organisation])
def test_the_counters_are_not_in_the_audit_trail(cast, model):
    from auditlog.registry import auditlog

    assert "data_version" in auditlog.get_model_fields(model)["exclude_fields"]


def test_a_bulk_load_raises_its_tenants_once_and_leaves_the_triggers_on(cast):
    from django.db import transaction

    before = versions(cast.school_a, cast.school_a2, cast.m1, cast.region1, cast.school_c)
    with transaction.atomic(), data_versions.bulk_load(cast.m1):
        for _ in range(3):
            StaffMemberFactory(organisation=cast.school_a)
        assert versions(cast.school_a) == before[:1]  # the triggers stand aside meanwhile
    after = versions(cast.school_a, cast.school_a2, cast.m1, cast.region1, cast.school_c)
    assert after == [v + 1 for v in before[:4]] + before[4:]  # once each; M2 untouched
    StaffMemberFactory(organisation=cast.school_a)
    assert versions(cast.school_a)[0] > after[0]


def test_every_table_of_an_accounts_rows_is_watched(db):
    assert set(data_versions.USER_TABLES) <= data_versions.watched_tables("data_version_user_")


def test_an_accounts_version_follows_its_memberships_settings_and_own_row(cast):
    """The navigation and the memberships are cached under it (orgs/access.py), so every
    change to a role must raise it, whatever the code path; nobody else's moves."""
    from orgs.models import Membership, Role, User
    from pairs.models import PersonalSettings

    curator, other = cast.curator_a, cast.curator_b
    seen = versions(curator, other)

    def raised() -> bool:
        nonlocal seen
        now = versions(curator, other)
        moved, seen = now[0] > seen[0] and now[1] == seen[1], now
        return moved

    granted = Membership.objects.create(
        user=curator, role=Role.METHODIST, region=cast.region1, municipality=cast.m1
    )
    assert raised()
    Membership.objects.filter(pk=granted.pk).update(is_active=False)  # no signals
    assert raised()
    with connection.cursor() as cursor:  # a fix made by hand in psql
        cursor.execute("DELETE FROM orgs_membership WHERE id = %s", [granted.pk])
    assert raised()
    PersonalSettings.objects.create(user=curator, weekly_digest=False)
    assert raised()
    User.objects.filter(pk=curator.pk).update(last_name="Кедрова")
    assert raised()
    stale = User.objects.get(pk=curator.pk)
    User.objects.filter(pk=curator.pk).update(first_name="Анна")
    assert raised()
    stale.save()  # writes the old counter it holds in memory
    assert raised()


def test_every_table_without_tenant_keys_is_watched_through_its_owner(db):
    """Link tables, children and catalogues: a new model of any of these kinds is covered."""
    owned = set(data_versions.owned_through_parents())
    assert {"orgs_staffmember_subjects", "pairs_plan_deficits", "orgs_subject"} <= owned
    assert {"effectiveness_roadmapyear", "pairs_plantemplateactivity"} <= owned
    watched = data_versions.watched_tables("data_version_parent_") | data_versions.watched_tables(
        "data_version_user_"
    )
    assert owned <= watched


def test_a_link_row_raises_the_school_of_the_row_that_holds_the_list(cast):
    from orgs.models import Subject

    person = StaffMemberFactory(organisation=cast.school_a)
    subject = Subject.objects.create(name="Астрономия")
    before = versions(cast.school_a, cast.school_a2)
    person.subjects.add(subject)
    after = versions(cast.school_a, cast.school_a2)
    assert after[0] > before[0] and after[1] == before[1]
    person.subjects.remove(subject)
    assert versions(cast.school_a)[0] > after[0]


def test_a_catalogue_row_raises_every_region(cast):
    from orgs.models import Subject

    before = versions(cast.region1, cast.region2)
    Subject.objects.create(name="Черчение")
    after = versions(cast.region1, cast.region2)
    assert after[0] > before[0] and after[1] > before[1]


def test_a_renamed_network_mentor_raises_the_schools_of_their_pairs(cast):
    from tests.pairs.factories import PairFactory

    mentor = StaffMemberFactory(organisation=cast.school_a2)
    PairFactory(programme__organisation=cast.school_a, mentor=mentor)
    before = versions(cast.school_a, cast.school_c)
    StaffMember.objects.filter(pk=mentor.pk).update(last_name="Сетевая")
    after = versions(cast.school_a, cast.school_c)
    assert after[0] > before[0] and after[1] == before[1]


def test_a_renamed_role_holder_raises_their_place_and_a_login_does_not(cast):
    from django.utils import timezone

    from orgs.models import User

    before = versions(cast.school_a, cast.m1)
    User.objects.filter(pk=cast.curator_a.pk).update(last_login=timezone.now())
    assert versions(cast.school_a, cast.m1) == before
    User.objects.filter(pk=cast.curator_a.pk).update(last_name="Кедрова")
    User.objects.filter(pk=cast.methodist_m1.pk).update(first_name="Ольга Новая")
    after = versions(cast.school_a, cast.m1)
    assert after[0] > before[0] and after[1] > before[1]
