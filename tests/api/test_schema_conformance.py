"""The whole API against its own OpenAPI schema, with every schemathesis check: generated
requests that fit the schema (positive) and requests that break it (negative), as a curator
with a real token. Zero failures means: no server error, every status and body documented,
valid requests accepted, invalid ones refused.

The server cannot describe which rows exist, so, as schemathesis advises, known ids are
seeded: half the requests name real rows of the curator's school in the path, and positive
bodies refer to real rows. (schemathesis' own pytest plugin does not support pytest 9 yet,
so the operations are driven with Hypothesis directly.)"""

import datetime
import os
import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.errors import FailureGroup

from mentorship.api.models import ApiToken
from monitoring.effectiveness.services import campaign_open, local_act_save
from tests.documents.contest.factories import apply, contest_of
from tests.factories import StaffMemberFactory
from tests.monitoring.diagnostics.conftest import restore_catalogue
from tests.monitoring.diagnostics.factories import answer, launch
from tests.monitoring.effectiveness.factories import event, road_map
from tests.pairs.factories import LogEntryFactory, PlanActivityFactory

# A few examples per operation and mode keep the run near a minute on a shared machine;
# SCHEMATHESIS_EXAMPLES raises it for a deeper run, and SCHEMATHESIS_OPERATIONS (text in
# operations' labels, comma-separated, e.g. "POST /api/v1/documents/") narrows it.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
ONLY = [text for text in os.environ.get("SCHEMATHESIS_OPERATIONS", "").split(",") if text]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def known_rows(cast) -> dict:
    """Rows of school A that the generated requests may name."""
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    plan = activity.plan
    pair = plan.pair
    # A young specialist, so an order naming the school's young specialists has someone.
    started = datetime.date.today() - datetime.timedelta(days=200)
    newcomer = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Новикова",
        career_started_on=started,
        hired_on=started,
    )
    restore_catalogue()
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(campaign.invitations.get())
    entry = LogEntryFactory(pair=pair)
    monitoring = campaign_open(municipality=cast.m1, year=2026, acting_user=cast.methodist_m1)
    form = monitoring.forms.get(organisation=cast.school_a)
    contest = contest_of(cast)
    application = apply(contest, cast.teacher_a, cast.curator_a)
    return {
        "paths": {
            "regions": cast.region1.pk,
            "municipalities": cast.m1.pk,
            "organisations": cast.school_a.pk,
            "staff": cast.teacher_a.pk,
            "programmes": pair.programme_id,
            "pairs": pair.pk,
            "plans": plan.pk,
            "activities": activity.pk,
            "dashboards/municipality": cast.m1.pk,
            "dashboards/organisation": cast.school_a.pk,
            "diagnostic-campaigns": campaign.pk,
            "log-entries": entry.pk,
            "effectiveness-campaigns": monitoring.pk,
            "effectiveness-forms": form.pk,
            "effectiveness-answers": form.answers.order_by("pk").first().pk,
            "road-maps": road_map(cast.school_a).pk,
            "events": event(cast.school_a).pk,
            "contests": contest.pk,
            "contest-applications": application.pk,
            "local-acts": local_act_save(
                organisation=cast.school_a,
                position=1,
                number="45-од",
                date=datetime.date(2025, 9, 1),
                acting_user=None,
            ).pk,
        },
        "body": {
            "organisation": cast.school_a.pk,
            "programme": pair.programme_id,
            "pair": pair.pk,
            "mentee": plan.mentee_id,
            "mentors": [cast.teacher_a.pk],
            "mentees": [newcomer.pk],
            "pairs": [pair.pk],
            "staff": [cast.teacher_a.pk],  # the mentors a document names
            "curator": cast.teacher_a.pk,
            # Optional references left empty: a made-up number names no row.
            "template": None,
            "deficit_area": None,
            "deficits": [],
            "subjects": [],
        },
    }


def path_seed(operation, known) -> dict | None:
    match = re.match(r"^/api/v1/(.+?)/\{id\}/", operation.path)
    if match and match.group(1) in known["paths"]:
        return {"id": known["paths"][match.group(1)]}
    return None


# Rules between fields or against the calendar, which a schema cannot state: a programme, pair
# or plan ends after it starts, consent and leaving are dated in the past, an activity has a
# deadline, a document is dated when the people it names worked. Positive bodies keep them,
# as a real client does.
WITHIN_RULES = {
    "starts_on": "2025-09-01",
    "ends_on": "2026-05-31",
    "planned_end_on": "2026-05-31",
    "consent_on": "2025-08-25",
    "left_on": "2024-06-30",
    "ended_on": "2026-05-31",
    "date": "2025-10-01",  # a document's date: its young specialists are those of that day
}


RECENT = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)).strftime(
    "%Y-%m-%dT%H:%M:%S+00:00"
)


def with_known_references(case, known):
    # Deletions are asked about within the days they are kept (older answers 410: resync).
    if isinstance(case.query, dict) and "since" in case.query:
        case.query["since"] = RECENT
    if isinstance(case.body, dict):
        for name, value in {**known["body"], **WITHIN_RULES}.items():
            if name in case.body:
                case.body[name] = value
        for start, end in (("starts_on", "ends_on"), ("starts_on", "planned_end_on")):
            if start in case.body or end in case.body:  # both, or the default start is today
                case.body.update({start: WITHIN_RULES[start], end: WITHIN_RULES[end]})
        activity = {"planned_month", "due_on", "direction"} & set(case.body)
        if activity and not (case.body.get("planned_month") or case.body.get("due_on")):
            case.body["due_on"] = "2025-10-15"  # an activity has a month or a deadline
        if "kind" in case.body:  # an order about pairs names them
            case.body["pairs"] = known["body"]["pairs"]
        if case.body.get("status") == "active":  # a working pair has the mentor's consent
            case.body.update(consent_status="given", consent_on="2025-08-25")
        if case.body.get("responsible") == "other":
            case.body["responsible_other"] = "Заместитель директора по УВР"
        if case.body.get("form") == "custom":
            case.body["custom_form"] = "Наставник — молодой специалист"
        if "to_status" in case.body:  # an early end names its reason, as the form asks
            case.body.update(reason="Переезд наставника", initiator="", notice_on=None)
    return case


# Operations whose schema-valid requests may still be refused with 400 by a rule the schema
# cannot state; the list may only shrink.
REJECTED_VALID_DATA = "ST202"
STATE_REFUSALS: set[str] = set()


def strategy(operation, mode, known):
    options = [operation.as_strategy(generation_mode=mode)]
    seed = path_seed(operation, known)
    if seed:
        options.append(operation.as_strategy(generation_mode=mode, path_parameters=seed))
    found = st.one_of(options)
    if mode == GenerationMode.POSITIVE:
        found = found.map(lambda case: with_known_references(case, known))
    return found


def run(operation, mode, known, headers, failures: dict) -> None:
    label = f"{operation.label} [{mode.value}]"

    @given(case=strategy(operation, mode, known))
    @settings(
        max_examples=EXAMPLES,
        # The same examples on every run: CI proves what was proven here, and a deeper random
        # run (SCHEMATHESIS_EXAMPLES) is the way to look for more.
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        try:
            case.call_and_validate(headers=headers)  # every check, none excluded
        except FailureGroup as group:
            codes = {failure.code for failure in group.exceptions}
            allowed = mode == GenerationMode.POSITIVE and operation.label in STATE_REFUSALS
            if not (allowed and codes == {REJECTED_VALID_DATA}):
                failures.setdefault(label, f"{group}\n{case.as_curl_command()}")

    check()


@pytest.mark.django_db(transaction=True)
def test_the_api_passes_every_schemathesis_check_in_both_modes(cast, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    # Hundreds of requests in seconds by one token: throttling is tested elsewhere.
    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": None, "anon": None})
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    _, key = ApiToken.issue(user=cast.curator_a, name="schemathesis")
    headers = {"Authorization": f"Token {key}"}
    known = known_rows(cast)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    operations = [o for o in operations if not ONLY or any(t in o.label for t in ONLY)]
    failures = {}

    for operation in operations:
        for mode in MODES:
            run(operation, mode, known, headers, failures)

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
