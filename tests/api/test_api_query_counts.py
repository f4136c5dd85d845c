"""Every API list costs the same number of queries for one row and for many: generated over
the router's lists, so a new list without a row maker here fails, and a serializer that
reads per row (the staff list once made 54 queries for 50 rows) fails too."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.services import document_create
from mentorship.api.urls import router
from monitoring.effectiveness.models import Answer, Campaign, Form, Indicator
from monitoring.effectiveness.services import campaign_open, local_act_save
from tests.api.test_api import api_as
from tests.documents.contest.factories import apply, contest_of
from tests.factories import MunicipalityFactory, OrganisationFactory, StaffMemberFactory
from tests.monitoring.diagnostics.conftest import restore_catalogue
from tests.monitoring.diagnostics.factories import launch
from tests.monitoring.effectiveness.factories import event, road_map, take_part
from tests.pairs.factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _without_the_page_cache(settings):
    """The lists' own cost is measured: the viewer's memberships are read on every request
    instead of from the shared cache, whose state earlier tests of the process leave behind."""
    settings.FRAGMENT_CACHE_SECONDS = 0


MANY = 6


def _document(cast):
    return document_create(
        issuer=cast.school_a,
        kind="target_model",
        date=datetime.date(2025, 9, 1),
        title="Об организации наставничества",
        params={},
        acting_user=cast.curator_a,
    )


def _effectiveness_form(cast):
    """One more school of M1 with an accepted, answered form in M1's monitoring of 2026."""
    campaign = Campaign.objects.filter(municipality=cast.m1, year=2026).first()
    if campaign is None:
        campaign = campaign_open(municipality=cast.m1, year=2026, acting_user=cast.methodist_m1)
    organisation = OrganisationFactory(municipality=cast.m1)
    form = Form.objects.create(
        campaign=campaign, organisation=organisation, status=Form.Status.ACCEPTED
    )
    for indicator in Indicator.objects.filter(criterion__criteria_set=campaign.criteria_set_id):
        Answer.objects.create(form=form, organisation=organisation, indicator=indicator, value=75)
    return form


def _campaign(cast):
    restore_catalogue()
    return launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])


def _event(cast):
    made = event(cast.school_a)
    take_part(made, [StaffMemberFactory(organisation=cast.school_a)])
    return made


def _application(cast):
    return apply(contest_of(cast), StaffMemberFactory(organisation=cast.school_a2), cast.curator_a)


def _local_act(cast):
    return local_act_save(
        organisation=OrganisationFactory(municipality=cast.m1),
        position=1,
        number="1-од",
        date=datetime.date(2025, 9, 1),
        acting_user=None,
    )


# One more row of each list that the coordinator of region R1 sees.
MAKERS = {
    "regions": None,  # the coordinator sees one region, whatever exists: nothing grows
    "municipalities": lambda cast: MunicipalityFactory(region=cast.region1),
    "organisations": lambda cast: OrganisationFactory(municipality=cast.m1),
    "staff": lambda cast: StaffMemberFactory(organisation=cast.school_a),
    "programmes": lambda cast: ProgrammeFactory(organisation=cast.school_a),
    "pairs": lambda cast: PairFactory(programme__organisation=cast.school_a),
    "plans": lambda cast: PlanActivityFactory(plan__pair__programme__organisation=cast.school_a),
    "documents": _document,
    "diagnostic-campaigns": _campaign,
    "log-entries": lambda cast: LogEntryFactory(pair__programme__organisation=cast.school_a),
    "effectiveness-campaigns": lambda cast: campaign_open(
        municipality=MunicipalityFactory(region=cast.region1),
        year=2026,
        acting_user=cast.methodist_m1,
    ),
    "effectiveness-forms": _effectiveness_form,
    "effectiveness-answers": lambda cast: _effectiveness_form(cast).answers.first(),
    "events": _event,
    # A contest with applications is kept (they protect its nominations and stages).
    "contests": contest_of,
    "contest-applications": _application,
    "road-maps": lambda cast: road_map(cast.school_a),
    "local-acts": _local_act,
}
LISTS = [prefix for prefix, viewset, _ in router.registry if hasattr(viewset, "list")]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def test_every_list_has_a_row_maker():
    assert set(LISTS) <= set(MAKERS), f"Add a row maker for {sorted(set(LISTS) - set(MAKERS))}"


@pytest.mark.parametrize("prefix", LISTS)
def test_a_list_costs_the_same_for_one_row_and_for_many(cast, prefix):
    make = MAKERS[prefix]
    client = api_as(cast.coordinator_r1)
    url = f"/api/v1/{prefix}/"
    if make is None:
        pytest.skip("no rows to add in this scope")
    make(cast)
    queries(client, url)  # warm: token use stamped, caches filled
    one = queries(client, url)
    for _ in range(MANY):
        make(cast)
    assert client.get(url).json()["count"] > MANY
    assert queries(client, url) == one


def test_a_plans_activities_cost_the_same_for_one_and_for_many(cast):
    first = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    client = api_as(cast.curator_a)
    url = f"/api/v1/plans/{first.plan_id}/activities/"
    queries(client, url)
    one = queries(client, url)
    for _ in range(MANY):
        PlanActivityFactory(plan=first.plan)
    assert queries(client, url) == one
