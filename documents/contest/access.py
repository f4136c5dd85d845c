"""Who reaches a contest and its rows. One helper per model; each answers 404 for a row that
is missing or outside the user's scope, and 403 for a role that sees it but may not act.

The contest belongs to its municipality, and its schools read it (``PlaceOwned``); only the
municipality's methodist runs it. Applications belong to the applicant's school. A juror
reaches the contest's rows through ``jury_scope`` only, and only their own assignments.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scope

from orgs.access import require_role
from orgs.models import Municipality, Role

from .models import Application, Assignment, Contest

RUNNERS = (Role.METHODIST,)


def contest_for_read(request, pk: int) -> Contest:
    """A contest of the user's municipality: its methodist and coordinator, and its schools'
    staff (the scope shares the municipality's rows with its schools)."""
    return get_object_or_404(Contest.objects.select_related("event", "municipality"), pk=pk)


def can_run(request, contest: Contest) -> bool:
    return request.viewer.has_role(*RUNNERS, municipality=contest.municipality)


def contest_for_run(request, pk: int) -> Contest:
    contest = contest_for_read(request, pk)
    require_role(request, *RUNNERS, municipality=contest.municipality)
    return contest


def municipality_for_read(request, pk: int) -> Municipality:
    """The municipality whose contests the page lists: 404 outside the user's scope."""
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    scope_ = request.viewer.scope
    if not (scope_.municipalities is None or municipality.pk in scope_.municipalities):
        raise Http404
    if not (scope_.regions is None or municipality.region_id in scope_.regions):
        raise Http404
    return municipality


def application_for_read(request, pk: int) -> Application:
    """The applicant's school (curator, director), the municipality's methodist and
    coordinator: all through the scope."""
    return get_object_or_404(
        Application.objects.select_related(
            "contest__event",
            "contest__municipality",
            "person",
            "nomination",
            "stage",
            "organisation",
        ),
        pk=pk,
    )


def application_for_run(request, pk: int) -> Application:
    application = application_for_read(request, pk)
    require_role(request, *RUNNERS, municipality=application.contest.municipality)
    return application


def juror_person(request):
    """The request user's staff card, if any: a juror is a teacher with an account."""
    return request.user.staff_member if getattr(request.user, "staff_member_id", None) else None


@contextmanager
def jury_scope(person):
    """The juror's municipality, where the contests they judge are held. Every read inside is
    filtered by the juror's own assignments."""
    with scope(region=[person.region_id], municipality=[person.municipality_id], organisation=None):
        yield


def assignment_for_juror(request, pk: int) -> Assignment:
    """An assignment of the request's own juror; anybody else's answers 404. Call inside
    ``jury_scope``."""
    person = juror_person(request)
    if person is None:
        raise Http404
    assignment = (
        Assignment.objects.select_related(
            "application__person",
            "application__nomination",
            "application__contest__event",
            "juror",
            "stage",
        )
        .filter(pk=pk, juror__person=person)
        .first()
    )
    if assignment is None:
        raise Http404("Заявка для оценки не найдена.")
    return assignment
