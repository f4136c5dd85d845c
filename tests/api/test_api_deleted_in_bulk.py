"""Deleting many rows at once (a programme's pairs with their plans, activities and log,
the admin's «delete selected», a queryset's delete) records every tombstone in one INSERT
per model, not one per row, and moves the updated_at of the rows whose parts went in one
UPDATE. ``TOMBSTONE_BULK_PAIRS`` sets the size (300 prints the figures for the README)."""

import os
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship.api.models import Tombstone
from orgs.tenancy import scopes_disabled
from pairs.models import LogEntry, Pair, Plan, PlanActivity
from tests.pairs.factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    PlanFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PAIRS = int(os.environ.get("TOMBSTONE_BULK_PAIRS", "12"))
ACTIVITIES = 3


def _programme(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    mentor, mentee = cast.teacher_a, None
    for _ in range(PAIRS):
        pair = PairFactory(programme=programme, mentor=mentor, mentee=mentee)
        plan = PlanFactory(pair=pair)
        for _ in range(ACTIVITIES):
            PlanActivityFactory(plan=plan)
        LogEntryFactory(pair=pair)
    return programme


def _inserts(context, table: str) -> int:
    return sum(f'INSERT INTO "{table}"' in q["sql"] for q in context.captured_queries)


def _kinds(context) -> str:
    found = Counter(" ".join(q["sql"].split()[:3]) for q in context.captured_queries)
    return ", ".join(f"{sql} {n}" for sql, n in found.most_common(8))


def test_deleting_a_programmes_pairs_records_every_tombstone_in_a_few_queries(cast):
    programme = _programme(cast)
    with scopes_disabled():
        rows = {
            "pairs.pair": set(
                Pair.objects.filter(programme=programme).values_list("pk", flat=True)
            ),
            "pairs.plan": set(Plan.objects.values_list("pk", flat=True)),
            "pairs.logentry": set(LogEntry.objects.values_list("pk", flat=True)),
            "pairs.programme": {programme.pk},
        }
        assert PlanActivity.objects.count() == PAIRS * ACTIVITIES
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as context:
            Pair.objects.filter(programme=programme).delete()
            programme.delete()
        took = time.perf_counter() - started
        recorded = {}
        for model, pk in Tombstone.objects.values_list("model", "object_id"):
            recorded.setdefault(model, set()).add(pk)
    tombstone_inserts = _inserts(context, "api_tombstone")
    print(
        f"{PAIRS} pairs, {PAIRS} plans, {PAIRS * ACTIVITIES} activities, {PAIRS} log entries: "
        f"{len(context.captured_queries)} queries, {tombstone_inserts} tombstone INSERTs, "
        f"{took * 1000:.0f} ms; by statement: {_kinds(context)}"
    )
    for model, pks in rows.items():
        assert recorded[model] == pks, model
    assert tombstone_inserts <= 4  # one per listed model (programme, pairs, plans, log)
