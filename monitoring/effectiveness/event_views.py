"""Events and contests with their participants: the methodist keeps the municipality's, a
curator the school's, and both record who took part (these feed the criteria)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from orgs.concurrency import StaleEdit
from orgs.models import Role, StaffMember

from . import access, selectors, services
from .forms import EventFilter, EventForm, ParticipationForm
from .models import Event, Participation


def _event_list(request, *, municipality, organisation, can_create: bool, owner: dict):
    events = selectors.events_of_place(municipality=municipality, organisation=organisation)
    filterset = EventFilter(request.GET or None, queryset=events)
    form = EventForm(
        request.POST or None,
        initial={"level": Event.Level.SCHOOL if organisation else Event.Level.MUNICIPAL},
    )
    if request.method == "POST":
        if not can_create:
            raise Http404
        if form.is_valid():
            event = form.save(commit=False)
            for key, value in owner.items():
                setattr(event, key, value)
            try:
                services.event_save(event=event, acting_user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Мероприятие «{event.title}» добавлено.")
                return redirect("monitoring:effectiveness:event", pk=event.pk)
    return render(
        request,
        "monitoring/effectiveness/events.html",
        {
            "municipality": municipality,
            "organisation": organisation,
            "filter": filterset,
            "events": filterset.qs if filterset.is_bound else events,
            "form": form,
            "can_create": can_create,
        },
    )


@login_required
def municipality_events(request, pk: int):
    municipality = (
        access.municipality_rw if request.method == "POST" else access.municipality_for
    )(request, pk)
    can_create = request.viewer.has_role(Role.METHODIST, municipality=municipality)
    return _event_list(
        request,
        municipality=municipality,
        organisation=None,
        can_create=can_create,
        owner={"municipality": municipality},
    )


@login_required
def organisation_events(request, pk: int):
    organisation = (
        access.organisation_rw if request.method == "POST" else access.organisation_for
    )(request, pk)
    can_create = request.viewer.has_role(Role.CURATOR, organisation=organisation)
    return _event_list(
        request,
        municipality=organisation.municipality,
        organisation=organisation,
        can_create=can_create,
        owner={"organisation": organisation, "municipality": organisation.municipality},
    )


def _people_for(request, event: Event):
    """Whom this user may enter as a participant: a curator their school's staff, a
    methodist the municipality's (a school's event: that school's only)."""
    people = StaffMember.objects.working().filter(municipality_id=event.municipality_id)
    if event.organisation_id:
        people = people.filter(organisation_id=event.organisation_id)
    if not request.viewer.has_role(Role.METHODIST, municipality=event.municipality):
        curated = [m.organisation_id for m in request.viewer.memberships_with(Role.CURATOR)]
        people = people.filter(organisation_id__in=curated)
    return people.select_related("organisation").order_by(
        "organisation__short_name", "last_name", "first_name", "pk"
    )


@login_required
def event_detail(request, pk: int):
    event = access.event_for(request, pk)
    may_edit = access.may_edit(request, event)
    people = _people_for(request, event)
    may_add = may_edit or people.exists()
    edit_form = EventForm(
        request.POST if request.POST.get("action") == "edit" else None, instance=event
    )
    add_form = ParticipationForm(
        request.POST if request.POST.get("action") == "add" else None, people=people
    )
    if request.method == "POST":
        if request.POST.get("action") == "edit":
            if not may_edit:
                raise Http404
            if edit_form.is_valid():
                try:
                    services.event_update(
                        event=event,
                        acting_user=request.user,
                        version=edit_form.version,
                        **edit_form.changed_fields(),
                    )
                except StaleEdit as stale:
                    edit_form.refuse_stale(stale)
                except ValidationError as error:
                    edit_form.add_error(None, error)
                else:
                    messages.success(request, "Мероприятие сохранено.")
                    return redirect("monitoring:effectiveness:event", pk=event.pk)
        else:
            if not may_add:
                raise Http404
            if add_form.is_valid():
                data = add_form.cleaned_data
                try:
                    services.participation_add(
                        event=event,
                        person=data["person"],
                        role=data["role"],
                        result=data["result"],
                        evidence=data["evidence"],
                        acting_user=request.user,
                    )
                except ValidationError as error:
                    add_form.add_error(None, error)
                else:
                    messages.success(request, f"Добавлен(а): {data['person'].full_name}.")
                    return redirect("monitoring:effectiveness:event", pk=event.pk)
    participations = (
        Participation.objects.filter(event=event)
        .select_related("person", "organisation")
        .order_by("organisation__short_name", "person__last_name", "pk")
    )
    return render(
        request,
        "monitoring/effectiveness/event.html",
        {
            "event": event,
            "participations": participations,
            "may_edit": may_edit,
            "may_add": may_add,
            "edit_form": edit_form,
            "add_form": add_form,
        },
    )


@login_required
@require_POST
def participation_delete(request, pk: int):
    participation = access.participation_rw(request, pk)
    event = participation.event
    name = participation.person.full_name
    participation.delete()
    messages.success(request, f"{name} исключен(а) из списка участников.")
    return redirect("monitoring:effectiveness:event", pk=event.pk)
