"""The bell: what needs each person now, counted with the to-do lists' own selectors,
linked to where it is done, gone once done, and as cheap with many items as with one."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import RenderJob
from documents.notifications import notices_for
from documents.publication import services as publication
from documents.publication.models import Practice
from documents.services import document_create
from mentorship import fragments
from monitoring.effectiveness import services as effectiveness
from monitoring.effectiveness.models import Form
from orgs.access import viewer_for
from orgs.tenancy import scopes_disabled
from pairs.models import Plan
from tests.factories import StaffMemberFactory, UserFactory
from tests.monitoring.diagnostics.factories import launch
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def as_request(user):
    """A request as the middleware leaves it: the user's memberships already read."""
    request = RequestFactory().get("/")
    request.user = user
    request.viewer = viewer_for(user)
    return request


def notices(user, request=None) -> dict[str, tuple[int, str]]:
    with scopes_disabled():
        return {n.kind: (n.count, n.url) for n in notices_for(request or as_request(user))}


def test_a_curator_sees_pairs_without_a_plan_until_the_plan_exists(cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    pairs = reverse("pairs:list", args=[cast.school_a.pk])
    assert notices(cast.curator_a)["pairs_without_plan"] == (1, f"{pairs}?no_plan=on")
    PlanFactory(pair=pair)
    assert "pairs_without_plan" not in notices(cast.curator_a)
    assert notices(cast.curator_b) == {}


def test_a_curator_sees_overdue_activities_returned_forms_practices_and_ready_documents(cast):
    overdue = PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a,
        planned_month=None,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    campaign = effectiveness.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    Form.objects.filter(campaign=campaign, organisation=cast.school_a).update(status="returned")
    practice = Practice(
        organisation=cast.school_a,
        title="Круги наставничества",
        form="teacher_teacher",
        format="group",
        description="Как мы проводим круги.",
    )
    publication.practice_save(
        practice=practice, acting_user=cast.curator_a, authors=[], subjects=[], deficit_areas=[]
    )
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.RETURNED)
    document = document_create(
        issuer=cast.school_a,
        kind="target_model",
        date=datetime.date(2025, 9, 1),
        title="Об организации наставничества",
        params={},
        acting_user=cast.curator_a,
    )
    RenderJob.objects.create(document=document, owner=cast.curator_a, status="done")
    found = notices(cast.curator_a)
    assert found["overdue_activities"][0] == 1
    assert found["forms_returned"] == (
        1,
        reverse("monitoring:effectiveness:organisation", args=[cast.school_a.pk]),
    )
    assert found["practices_returned"][0] == 1
    assert found["documents_ready"] == (
        1,
        reverse("documents:organisation", args=[cast.school_a.pk]),
    )
    overdue.plan.status = Plan.Status.COMPLETED
    overdue.plan.save(update_fields=["status"])
    Form.objects.filter(campaign=campaign, organisation=cast.school_a).update(status="submitted")
    found = notices(cast.curator_a)
    assert "overdue_activities" not in found and "forms_returned" not in found
    # ... and the methodist now has a form to check
    assert notices(cast.methodist_m1)["forms_submitted"] == (
        1,
        reverse("monitoring:effectiveness:municipality", args=[cast.m1.pk]),
    )
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.SUBMITTED)
    assert notices(cast.methodist_m1)["practices_proposed"][0] == 1
    assert "practices_proposed" not in notices(cast.methodist_m2)


def test_a_mentor_sees_what_is_due_this_week_and_a_mentee_the_questionnaire(cast):
    today = timezone.localdate()
    mentee = StaffMemberFactory(organisation=cast.school_a)
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a, mentee=mentee)
    plan = PlanFactory(pair=pair)
    soon = PlanActivityFactory(plan=plan, planned_month=None, due_on=today + datetime.timedelta(2))
    PlanActivityFactory(plan=plan, planned_month=None, due_on=today + datetime.timedelta(20))
    assert notices(cast.mentor_a)["due_this_week"] == (1, reverse("pairs:my") + "#due")
    mentee_user = UserFactory(staff_member=mentee)
    assert notices(mentee_user)["due_this_week"][0] == 1
    launch(user=cast.curator_a, organisation=cast.school_a, staff=[mentee])
    assert notices(mentee_user)["questionnaires"] == (1, reverse("monitoring:diagnostics:my"))
    assert "questionnaires" not in notices(cast.mentor_a)
    soon.status, soon.done_on = "done", today
    soon.save(update_fields=["status", "done_on"])
    assert "due_this_week" not in notices(cast.mentor_a)


def _queries(user) -> int:
    request = as_request(user)
    with CaptureQueriesContext(connection) as captured:
        notices(user, request)
    return len(captured)


def test_the_bell_costs_the_same_with_one_item_or_many(cast):
    """Curator of one school: one query of five counts (pairs without a plan, overdue
    activities, returned forms, returned practices, ready documents), and where pages are
    cached one more read of the school's versions, which is all a repeat costs."""
    fresh = 1 + fragments.enabled()
    PairFactory(programme__organisation=cast.school_a)
    assert _queries(cast.curator_a) == fresh
    for _ in range(4):
        PairFactory(programme__organisation=cast.school_a)
        PlanActivityFactory(
            plan__pair__programme__organisation=cast.school_a,
            planned_month=None,
            due_on=timezone.localdate() - datetime.timedelta(days=3),
        )
    assert _queries(cast.curator_a) == fresh
    assert notices(cast.curator_a)["pairs_without_plan"][0] == 5
    assert _queries(cast.curator_a) == 1


@pytest.mark.postgresql("the bell is kept under data versions raised by PostgreSQL triggers")
def test_a_kept_bell_shows_a_write_in_any_of_the_methodists_schools_at_once(cast):
    campaign = effectiveness.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    assert "forms_submitted" not in notices(cast.methodist_m1)
    assert _queries(cast.methodist_m1) == 1
    Form.objects.filter(campaign=campaign, organisation=cast.school_a).update(status="submitted")
    assert notices(cast.methodist_m1)["forms_submitted"][0] == 1


def test_the_bell_shows_its_count_and_links_on_the_page(client, cast):
    PairFactory(programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    page = client.get(reverse("orgs:workspace", args=[cast.school_a.pk])).content.decode()
    assert "data-bell-count>1</span>" in page
    assert f'href="{reverse("pairs:list", args=[cast.school_a.pk])}?no_plan=on"' in page
    client.force_login(cast.curator_b)
    page = client.get(reverse("orgs:workspace", args=[cast.school_b.pk])).content.decode()
    assert "data-bell-count" not in page and "Сейчас ничего не ждёт" in page


@pytest.mark.postgresql("the bell is kept under data versions raised by PostgreSQL triggers")
def test_on_its_schools_page_the_bell_keeps_to_the_versions_the_page_read(client, cast):
    """A curator's page of their school has read the school's versions for its own key; the
    bell is kept under the same, so a repeat view reads nothing more than its session, its
    user and that key, and a write still shows in the bell at once."""
    pair = PairFactory(programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])
    assert "data-bell-count>1</span>" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as repeat:
        assert "data-bell-count>1</span>" in client.get(url).content.decode()
    assert len(repeat) == 3, [q["sql"][:80] for q in repeat]
    PlanFactory(pair=pair)
    assert "data-bell-count" not in client.get(url).content.decode()
