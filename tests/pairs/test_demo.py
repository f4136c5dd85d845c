import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from orgs.demo.seed import KEDROVY, ONGUDAI
from orgs.models import User
from pairs.models import LogEntry, Pair, PairMember, Plan, PlanActivity

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_reported_pair_counts_every_state_and_the_demo_accounts_pair(client):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    counts = (
        Pair.objects.count(),
        Plan.objects.count(),
        PlanActivity.objects.count(),
        LogEntry.objects.count(),
    )
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    assert counts == (
        Pair.objects.count(),
        Plan.objects.count(),
        PlanActivity.objects.count(),
        LogEntry.objects.count(),
    )
    for demo in ONGUDAI.organisations + KEDROVY.organisations:
        assert Pair.objects.filter(organisation__short_name=demo.short_name).count() == demo.pairs
    assert set(Pair.objects.values_list("status", flat=True)) == set(Pair.Status.values)
    assert set(Plan.objects.values_list("status", flat=True)) == set(Plan.Status.values)

    mentor = User.objects.get(username="mentor.ongudai")
    mentee = User.objects.get(username="mentee.ongudai")
    pair = Pair.objects.get(members__staff=mentor.staff_member, status="active")
    assert pair.members.get(role=PairMember.Role.MENTEE).staff == mentee.staff_member
    plan = pair.plans.get()
    assert plan.activities.filter(title="Знакомство с традициями школы").exists()

    client.force_login(mentor)
    page = client.get(reverse("pairs:my")).content.decode()
    assert mentee.staff_member.full_name in page
    client.force_login(User.objects.get(username="curator.ongudai"))
    response = client.get(reverse("orgs:workspace", args=[pair.organisation_id]))
    assert response.context["pair_figures"].active >= 1
