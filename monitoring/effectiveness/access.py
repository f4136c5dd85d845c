"""Who may open and change the effectiveness monitoring: campaigns and forms, local acts,
road maps, events and their participants, and methodical series (an event held as
sessions) with their sessions and materials.

One helper per object: 404 whether the row is missing or outside the user's reach, 403 when
the user sees it but the role may not read it here (``_for``, ``_for_read``) or change it
(``_rw``, ``_for_write``). The municipality's rows (campaigns, its road map, its events) are
read by its schools too, so a school's staff get 403, not 404, for the methodist's pages.

Series: the curator of a school writes the school's series, the methodist of a municipality
its municipal series. Readers: the municipality's methodists and coordinators; for a school's
series that school's staff with a role; for a municipal series the staff with a role in any
of its schools. Participants (teachers enrolled in the series or leading one of its sessions)
read it too, through their own organisation's scope: it covers their school's rows and, being
shared downwards, their municipality's.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scope

from orgs.access import require_role
from orgs.models import Municipality, Organisation, Role

from .models import (
    SERIES_KINDS,
    Answer,
    Campaign,
    Event,
    Form,
    LocalAct,
    Participation,
    RoadMap,
    RoadMapYear,
    Session,
    SessionMaterial,
)

MUNICIPAL_READERS = (Role.METHODIST, Role.REGION_COORDINATOR)
ORGANISATION_READERS = (Role.CURATOR, Role.DIRECTOR, *MUNICIPAL_READERS)
SCHOOL_READERS = (Role.CURATOR, Role.DIRECTOR, Role.PSYCHOLOGIST)
SERIES_RELATED = ("municipality", "organisation", "region")


def _in_scope(request, *, region_id: int, municipality_id: int | None) -> bool:
    scope = request.viewer.scope
    return (scope.regions is None or region_id in scope.regions) and (
        scope.municipalities is None or municipality_id in scope.municipalities
    )


def _covered(request, roles, *, schools: bool) -> Q | None:
    """The rows whose place one of ``roles`` covers, as ``Viewer.has_role`` reads a
    membership: a school's rows (``schools``) by a role held at the school or above it, a
    municipality's own rows by a role held at the municipality or the region. None: all."""
    viewer = request.viewer
    if viewer.is_admin:
        return None
    found = Q(pk__in=[])
    for m in viewer.memberships:
        if m.role not in roles:
            continue
        if m.organisation_id is not None:
            if schools:
                found |= Q(organisation_id=m.organisation_id)
        elif m.municipality_id is not None:
            found |= Q(municipality_id=m.municipality_id)
        else:
            found |= Q(region_id=m.region_id)
    return found


def _within(queryset: QuerySet, *conditions: Q | None) -> QuerySet:
    if any(condition is None for condition in conditions):
        return queryset
    found = Q(pk__in=[])
    for condition in conditions:
        found |= condition
    return queryset.filter(found)


# --- municipalities and organisations ----------------------------------------------------


def municipality_for(request, pk: int) -> Municipality:
    """404 outside the user's scope (as for a missing one); 403 inside it for a person who is
    not a methodist or coordinator (a school's staff)."""
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    if not _in_scope(request, region_id=municipality.region_id, municipality_id=municipality.pk):
        raise Http404
    require_role(request, *MUNICIPAL_READERS, municipality=municipality)
    return municipality


def municipality_rw(request, pk: int) -> Municipality:
    """The municipality's monitoring settings and rows are its methodist's to change."""
    municipality = municipality_for(request, pk)
    require_role(request, Role.METHODIST, municipality=municipality)
    return municipality


def organisation_for(request, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, *ORGANISATION_READERS, organisation=organisation)
    return organisation


def organisation_rw(request, pk: int) -> Organisation:
    """A school's acts, website section, road map copy and events are its curator's."""
    organisation = organisation_for(request, pk)
    require_role(request, Role.CURATOR, organisation=organisation)
    return organisation


def organisation_for_review(request, pk: int) -> Organisation:
    """A school as its municipality's methodist checks it (the website section)."""
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, Role.METHODIST, municipality=organisation.municipality)
    return organisation


# --- campaigns, forms and their files ----------------------------------------------------


def campaign_for(request, pk: int) -> Campaign:
    """The municipal table of a year's monitoring: the municipality's readers only."""
    campaign = get_object_or_404(Campaign.objects.select_related("municipality"), pk=pk)
    require_role(request, *MUNICIPAL_READERS, municipality=campaign.municipality)
    return campaign


def form_for(request, pk: int) -> Form:
    form = get_object_or_404(
        Form.objects.select_related("campaign", "organisation", "campaign__municipality"), pk=pk
    )
    require_role(request, *ORGANISATION_READERS, organisation=form.organisation)
    return form


def form_rw(request, pk: int) -> Form:
    """The school's answers are its curator's to fill in."""
    form = form_for(request, pk)
    require_role(request, Role.CURATOR, organisation=form.organisation)
    return form


def form_for_decision(request, pk: int) -> Form:
    """A form in the user's scope for a review step; who may take which step is decided by
    the step (``orgs.review.review_decision``)."""
    return get_object_or_404(Form.objects.select_related("campaign__municipality"), pk=pk)


def local_act_for(request, pk: int) -> LocalAct:
    act = get_object_or_404(LocalAct.objects.select_related("organisation"), pk=pk)
    require_role(request, *ORGANISATION_READERS, organisation=act.organisation)
    return act


def local_acts_readable(request) -> QuerySet[LocalAct]:
    """The local acts ``local_act_for`` opens, as one queryset (lists)."""
    return _within(LocalAct.objects.all(), _covered(request, ORGANISATION_READERS, schools=True))


def answer_for(request, pk: int) -> Answer:
    """A form's answer, for its evidence file."""
    answer = get_object_or_404(Answer.objects.select_related("organisation"), pk=pk)
    require_role(request, *ORGANISATION_READERS, organisation=answer.organisation)
    return answer


def _held_places(request, roles, *, organisations: bool) -> Q:
    """The rows at (or below) the places where the user holds one of ``roles``: what
    ``require_role`` lets through, as a filter. ``organisations``: a role held in a school
    counts (a municipality's rows have no school, so it never reaches them)."""
    viewer = request.viewer
    if viewer.is_admin:
        return Q()
    found = Q(pk__in=[])
    for membership in viewer.memberships:
        if membership.role not in roles:
            continue
        if membership.organisation_id is not None:
            if organisations:
                found |= Q(organisation_id=membership.organisation_id)
        elif membership.municipality_id is not None:
            found |= Q(municipality_id=membership.municipality_id)
        else:
            found |= Q(region_id=membership.region_id)
    return found


def campaigns_for_user(request):
    """The campaigns whose municipal table ``campaign_for`` opens to the user: its
    municipality's methodists and coordinators, not its schools."""
    return Campaign.objects.filter(_held_places(request, MUNICIPAL_READERS, organisations=False))


def forms_for_user(request):
    """The forms ``form_for`` opens to the user: the school's curator and director, the
    municipality's methodists and coordinators (no psychologist, mentor or mentee)."""
    return Form.objects.filter(_held_places(request, ORGANISATION_READERS, organisations=True))


def answers_for_user(request):
    """The answers of those forms, with the evidence files ``answer_for`` hands out."""
    return Answer.objects.filter(_held_places(request, ORGANISATION_READERS, organisations=True))


def sees_levels(request, campaign: Campaign) -> bool:
    """Levels and bands are shown on the municipal table (and the overviews, exports and
    report built on it) only: a school's own staff see their form's status, not its level."""
    return request.viewer.has_role(*MUNICIPAL_READERS, municipality=campaign.municipality)


# --- road maps ---------------------------------------------------------------------------


def road_map_for(request, pk: int) -> RoadMap:
    """A school's road map within that school's scope; a municipality's for its readers
    (its schools' staff get 403)."""
    road_map = get_object_or_404(RoadMap.objects.select_related("municipality"), pk=pk)
    if road_map.organisation_id:
        if not request.viewer.scope.includes_organisation(road_map.organisation):
            raise Http404
        require_role(request, *ORGANISATION_READERS, organisation=road_map.organisation)
    else:
        require_role(request, *MUNICIPAL_READERS, municipality=road_map.municipality)
    return road_map


def road_maps_readable(request) -> QuerySet[RoadMap]:
    """The road maps ``road_map_for`` opens, as one queryset (lists): a school's by its
    readers, a municipality's by the municipality's readers only."""
    schools = _covered(request, ORGANISATION_READERS, schools=True)
    own = _covered(request, MUNICIPAL_READERS, schools=False)
    return _within(
        RoadMap.objects.all(),
        None if schools is None else Q(organisation__isnull=False) & schools,
        None if own is None else Q(organisation__isnull=True) & own,
    )


def can_edit_road_map(request, road_map: RoadMap) -> bool:
    """A school's road map is its curator's, a municipality's its methodist's."""
    if road_map.organisation_id:
        return request.viewer.has_role(Role.CURATOR, organisation=road_map.organisation)
    return request.viewer.has_role(Role.METHODIST, municipality=road_map.municipality)


def road_map_year_rw(request, pk: int) -> tuple[RoadMapYear, RoadMap]:
    """An item's year of a road map in the user's scope (404 otherwise), for the road map's
    editor: a school's own curator or the municipality's methodist (403 otherwise)."""
    year_row = get_object_or_404(RoadMapYear.objects.select_related("item__section"), pk=pk)
    road_map = get_object_or_404(
        RoadMap.objects.select_related("municipality", "organisation"),
        pk=year_row.item.section.road_map_id,
    )
    if road_map.organisation_id:
        require_role(request, Role.CURATOR, organisation=road_map.organisation)
    else:
        require_role(request, Role.METHODIST, municipality=road_map.municipality)
    return year_row, road_map


# --- events and participants -------------------------------------------------------------


def _event_in_scope(request, pk: int) -> Event:
    """A school's event is seen within that school's scope; a municipality's by everyone in
    the municipality (its schools record their teachers' participation in it). The scoped
    read already lets a school see its municipality's events (rows shared downwards)."""
    event = get_object_or_404(Event.objects.select_related("municipality", "organisation"), pk=pk)
    if event.organisation_id:
        if not request.viewer.scope.includes_organisation(event.organisation):
            raise Http404
    elif not _in_scope(request, region_id=event.region_id, municipality_id=event.municipality_id):
        raise Http404
    return event


def event_for(request, pk: int) -> Event:
    event = _event_in_scope(request, pk)
    if event.organisation_id:
        require_role(request, *ORGANISATION_READERS, organisation=event.organisation)
    else:
        _require_any_reader(request, event)
    return event


def events_readable(request) -> QuerySet[Event]:
    """The events ``event_for`` opens, as one queryset (lists): a school's by its readers;
    a municipality's by its readers and by its schools' (their municipality's events)."""
    schools = _covered(request, ORGANISATION_READERS, schools=True)
    own = _covered(request, MUNICIPAL_READERS, schools=False)
    if schools is None or own is None:
        return Event.objects.all()
    for m in request.viewer.memberships:
        if m.role in ORGANISATION_READERS and m.municipality_id is not None:
            own |= Q(municipality_id=m.municipality_id)
    return Event.objects.filter(
        (Q(organisation__isnull=False) & schools) | (Q(organisation__isnull=True) & own)
    )


def _require_any_reader(request, event: Event) -> None:
    """A municipality's event: its methodists and coordinators, and its schools' staff."""
    viewer = request.viewer
    if viewer.has_role(*MUNICIPAL_READERS, municipality=event.municipality):
        return
    if any(
        m.municipality_id == event.municipality_id
        for role in ORGANISATION_READERS
        for m in viewer.memberships_with(role)
    ):
        return
    require_role(request, *MUNICIPAL_READERS, municipality=event.municipality)


def participation_rw(request, pk: int) -> Participation:
    """A participation is removed by the event's editor or the participant's own curator."""
    participation = get_object_or_404(
        Participation.objects.select_related("event__municipality", "organisation"), pk=pk
    )
    if not may_edit(request, participation.event):
        require_role(request, Role.CURATOR, organisation=participation.organisation)
    return participation


# --- methodical series, their sessions and materials ---------------------------------------


def municipality_for_series(request, pk: int) -> tuple[Municipality, bool]:
    """A municipality's list of series and whether the user may add one (its methodist);
    adding by anyone else is refused (403)."""
    municipality = municipality_for(request, pk)
    if request.method == "POST":
        require_role(request, Role.METHODIST, municipality=municipality)
    return municipality, request.viewer.has_role(Role.METHODIST, municipality=municipality)


def organisation_for_series(request, pk: int) -> tuple[Organisation, bool]:
    """A school's list of series, read by its staff with a role and its municipality's, and
    whether the user may add one (its curator); adding by anyone else is refused (403)."""
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, *SCHOOL_READERS, *MUNICIPAL_READERS, organisation=organisation)
    if request.method == "POST":
        require_role(request, Role.CURATOR, organisation=organisation)
    return organisation, request.viewer.has_role(Role.CURATOR, organisation=organisation)


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
