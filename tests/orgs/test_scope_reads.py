"""One school's page reads that school's rows, not the viewer's whole scope (a coordinator's
region, the administrator's country)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

STAFF_AGGREGATE = re.compile(r'AS "teachers".* FROM "orgs_staffmember"')


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("orgs:workspace", args=[c.school_a.pk]),
        lambda c: reverse("api:dashboard-organisation", args=[c.school_a.pk]),
    ],
    ids=["workspace", "api-dashboard"],
)
def test_a_schools_staff_figures_read_only_that_school(client, cast, url):
    client.force_login(cast.coordinator_r1)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(cast)).status_code == 200
    aggregates = [q["sql"] for q in captured if STAFF_AGGREGATE.search(q["sql"])]
    assert aggregates
    for sql in aggregates:
        assert re.search(r'"orgs_staffmember"\."organisation_id" = ', sql), sql
