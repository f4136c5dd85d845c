"""The curator pages rendered afresh, right after a write in the school: the queries each
makes, named and pinned, so that the first view after a write stays as cheap as it is."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Organisation
from tests.pairs.factories import PlanFactory

FRESH_ONLY_ON_POSTGRESQL = "a page renders afresh after a write only where versions are raised"

# Every request of a logged-in user: the session (in the database here) and the user; the
# memberships come from the cache. Every cached page: its key (the school's row and its
# counters, which a fresh render then shows), and on rendering the bell's counts (kept under
# the versions the key has just read).
EVERY_PAGE = 4

PAGES = {
    # count, the programmes and the mentors of the filter form, the page of pairs with their
    # figures, their members (the digest switch follows the account)
    "pairs:list": EVERY_PAGE + 5,
    # plan (with its pair, school and mentee), activities, the deficit areas (the plan's and
    # the activity form's), the mentee's sessions, practices used
    "pairs:plan": EVERY_PAGE + 5,
    # count, the subjects of the filter form, the page of staff, their subjects
    "orgs:staff_list": EVERY_PAGE + 4,
    # the figures in one statement, the to-do lists: the pairs of three lists
    # (without consent, without a plan, ending soon) in one, young specialists without a
    # mentor, overdue activities, questionnaires not answered, the pack's documents not
    # recorded, forms not handed in
    "monitoring:school_overview": EVERY_PAGE + 7,
}


@pytest.mark.postgresql(FRESH_ONLY_ON_POSTGRESQL)
@pytest.mark.parametrize("page", PAGES)
def test_a_page_rendered_afresh_makes_its_named_queries(client, cast, page):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    arg = plan.pk if page == "pairs:plan" else cast.school_a.pk
    url = reverse(page, args=[arg])
    client.force_login(cast.curator_a)
    assert client.get(url).status_code == 200  # the memberships and the bell's notices cached
    Organisation.objects.filter(pk=cast.school_a.pk).update(data_version=F("data_version") + 1)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == PAGES[page], "\n".join(q["sql"][:160] for q in captured)
