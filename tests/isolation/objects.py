"""What the isolation tests share: ``Victim`` (an object of school A behind a route) and
the objects of school A that the routes of several apps show, each created once per test."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Victim:
    """An object of school A behind a route: URL kwargs, its place in the tree, and text
    that must never reach an outsider."""

    kwargs: Callable[[object], dict]
    place: Callable[[object], object]  # the organisation, municipality or region it belongs to
    secret: Callable[[object], str]


def school_a(c):
    return c.school_a


def school_name(c):
    return c.school_a.short_name


def org_kwargs(c):
    return {"org_pk": c.school_a.pk}


def document(c):
    """An order of school A with a render job (created once per test)."""
    from documents.models import RenderJob
    from documents.services import document_create

    if not hasattr(c, "_document"):
        c._document = document_create(
            issuer=c.school_a,
            kind="target_model",
            date=datetime.date(2025, 9, 1),
            title="Об организации наставничества в Онгудайской школе",
            params={},
            acting_user=c.curator_a,
        )
        c._job = RenderJob.objects.create(document=c._document, owner=c.curator_a)
    return c._document


def document_kwargs(**extra):
    return lambda c: {"pk": document(c).pk, **extra}


def activity(c):
    """A plan activity of a pair of school A (created once per test)."""
    from tests.pairs.factories import PlanActivityFactory

    if not hasattr(c, "_activity"):
        c._activity = PlanActivityFactory(
            plan__pair__programme__organisation=c.school_a, title="Посещение уроков наставника"
        )
    return c._activity


def pair(c):
    return activity(c).plan.pair


def plan(c):
    return activity(c).plan


def mentee_name(c):
    return plan(c).mentee.last_name


def database_fingerprint() -> dict:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
