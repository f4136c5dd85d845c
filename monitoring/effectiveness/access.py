"""Who may open and change a methodical series (an event held as sessions), its sessions and
their materials. One helper per model; each answers 404 whether the row is missing or out of
the user's reach, and 403 when the user reads the row but may not change it.

The curator of a school writes the school's series, the methodist of a municipality its
municipal series. Readers: the municipality's methodists and coordinators; for a school's
series that school's staff with a role; for a municipal series the staff with a role in any
of its schools. Participants (teachers enrolled in the series or leading one of its sessions)
read it too, through their own organisation's scope: it covers their school's rows and, being
shared downwards, their municipality's.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_scopes import scope

from orgs.models import Role

from .models import SERIES_KINDS, Event, Participation, Session, SessionMaterial

MUNICIPAL_READERS = (Role.METHODIST, Role.REGION_COORDINATOR)
SCHOOL_READERS = (Role.CURATOR, Role.DIRECTOR, Role.PSYCHOLOGIST)
SERIES_RELATED = ("municipality", "organisation", "region")


@dataclass
class SeriesAccess:
    """A series as the request's user reaches it."""

    event: Event
    edit: bool  # the curator of its school, or the methodist of its municipality
    staff: object | None  # the user's own staff card when they reach it as a participant

    @property
    def participant_only(self) -> bool:
        return self.staff is not None


def may_edit(request, event: Event) -> bool:
    if event.organisation_id:
        return request.viewer.has_role(Role.CURATOR, organisation=event.organisation)
    return request.viewer.has_role(Role.METHODIST, municipality=event.municipality)


def may_read(request, event: Event) -> bool:
    viewer = request.viewer
    if viewer.has_role(*MUNICIPAL_READERS, municipality=event.municipality):
        return True
    if event.organisation_id:
        return viewer.has_role(*SCHOOL_READERS, organisation=event.organisation)
    return any(
        m.municipality_id == event.municipality_id
        for role in SCHOOL_READERS
        for m in viewer.memberships_with(role)
    )


def _series(pk: int) -> Event | None:
    series = Event.objects.select_related(*SERIES_RELATED).filter(kind__in=SERIES_KINDS)
    return series.filter(pk=pk).first()


@contextmanager
def person_scope(staff):
    """The scope of a teacher's own organisation (and, shared downwards, of the places above
    it): where a participant reads the series they take part in."""
    with scope(
        region=[staff.region_id],
        municipality=[staff.municipality_id],
        organisation=[staff.organisation_id],
    ):
        yield


def is_participant(event: Event, staff) -> bool:
    """Enrolled in the series, or leading one of its sessions (read in the person's scope)."""
    return (
        Participation.objects.filter(event=event, person=staff).exists()
        or Session.objects.filter(event=event, leader=staff).exists()
    )


def series_for_read(request, pk: int) -> SeriesAccess:
    event = _series(pk)
    if event is not None and may_read(request, event):
        return SeriesAccess(event, may_edit(request, event), None)
    staff = request.user.staff_member if request.user.staff_member_id else None
    if staff is not None:
        with person_scope(staff):
            own = _series(pk)
            if own is not None and is_participant(own, staff):
                return SeriesAccess(own, False, staff)
    if event is not None:
        raise PermissionDenied("Недостаточно прав для просмотра этой серии.")
    raise Http404("Серия занятий не найдена.")


def series_for_write(request, pk: int) -> SeriesAccess:
    access = series_for_read(request, pk)
    require_edit(access)
    return access


def require_edit(access: SeriesAccess) -> None:
    if not access.edit:
        raise PermissionDenied("Серию ведёт куратор школы или методист муниципалитета.")


@contextmanager
def series_scope(access: SeriesAccess):
    """Run the rest of the request in the participant's own scope when that is how the user
    reaches the series; a role holder stays in their own."""
    if access.participant_only:
        with person_scope(access.staff):
            yield
    else:
        yield


def _session_pk_scope(request, pk: int, model, field: str):
    """The series id behind a session or material, read in the user's scope and, failing
    that, in their own organisation's (a participant's)."""
    found = model.objects.filter(pk=pk).values_list(field, flat=True).first()
    if found is None and request.user.staff_member_id:
        with person_scope(request.user.staff_member):
            found = model.objects.filter(pk=pk).values_list(field, flat=True).first()
    if found is None:
        raise Http404("Не найдено.")
    return found


def session_for_read(request, pk: int) -> tuple[Session, SeriesAccess]:
    access = series_for_read(request, _session_pk_scope(request, pk, Session, "event_id"))
    with series_scope(access):
        session = Session.objects.select_related("leader").filter(pk=pk).first()
    if session is None:
        raise Http404("Занятие не найдено.")
    session.event = access.event
    return session, access


def material_for_read(request, pk: int) -> tuple[SessionMaterial, SeriesAccess]:
    access = series_for_read(
        request, _session_pk_scope(request, pk, SessionMaterial, "session__event_id")
    )
    with series_scope(access):
        material = SessionMaterial.objects.select_related("session").filter(pk=pk).first()
    if material is None:
        raise Http404("Материал не найден.")
    return material, access
