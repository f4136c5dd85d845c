"""Methodical series for young specialists («Школа молодого педагога», a methodical decade):
the list of a municipality's or a school's series, a series with its sessions, participants
and attendance, a session with its materials. The curator writes a school's series, the
methodist a municipality's; participants read them (see ``access``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from orgs.concurrency import StaleEdit
from orgs.models import StaffMember

from . import selectors, services
from .access import (
    material_for_read,
    municipality_for_series,
    organisation_for_series,
    require_edit,
    series_for_read,
    series_scope,
    session_for_read,
)
from .forms import AttendanceForm, EnrolForm, MaterialForm, SeriesForm, SessionForm
from .models import Attendance, Event, Participation


def _series_list(request, *, municipality, organisation, can_create: bool):
    form = SeriesForm(request.POST or None, initial={"kind": Event.Kind.SERIES})
    if request.method == "POST":
        if not can_create:
            raise Http404
        if form.is_valid():
            event = form.save(commit=False)
            event.municipality = municipality
            event.organisation = organisation
            try:
                services.series_save(event=event, acting_user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Серия «{event.title}» создана. Добавьте занятия.")
                return redirect("monitoring:effectiveness:series", pk=event.pk)
    return render(
        request,
        "monitoring/effectiveness/series_list.html",
        {
            "municipality": municipality,
            "organisation": organisation,
            "series": selectors.series_of_place(
                municipality=municipality, organisation=organisation
            ),
            "form": form,
            "can_create": can_create,
        },
    )


@login_required
def municipality_series(request, pk: int):
    municipality, can_create = municipality_for_series(request, pk)
    return _series_list(
        request, municipality=municipality, organisation=None, can_create=can_create
    )


@login_required
def organisation_series(request, pk: int):
    organisation, can_create = organisation_for_series(request, pk)
    return _series_list(
        request,
        municipality=organisation.municipality,
        organisation=organisation,
        can_create=can_create,
    )


def _staff_of(event: Event):
    """Working teachers a series may take: its school's, or its municipality's."""
    people = StaffMember.objects.working().filter(municipality_id=event.municipality_id)
    if event.organisation_id:
        people = people.filter(organisation_id=event.organisation_id)
    return people.select_related("organisation").order_by(
        "organisation__short_name", "last_name", "first_name", "pk"
    )


@login_required
def series_detail(request, pk: int):
    access = series_for_read(request, pk)
    event = access.event
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST":
        require_edit(access)
    with series_scope(access):
        people = _staff_of(event)
        edit_form = SeriesForm(request.POST if action == "edit" else None, instance=event)
        session_form = SessionForm(request.POST if action == "session" else None, leaders=people)
        enrolled = Participation.objects.filter(event=event, person=OuterRef("pk"))
        enrol_form = EnrolForm(
            request.POST if action == "enrol" else None,
            people=people.filter(~Exists(enrolled)),
        )
        if action is not None:
            done = _series_action(request, event, action, edit_form, session_form, enrol_form)
            if done:
                return redirect("monitoring:effectiveness:series", pk=event.pk)
        return render(
            request,
            "monitoring/effectiveness/series.html",
            {
                "event": event,
                "access": access,
                **selectors.series_page(event),
                "edit_form": edit_form,
                "session_form": session_form,
                "enrol_form": enrol_form,
            },
        )


def _series_action(request, event, action, edit_form, session_form, enrol_form) -> bool:
    """Run one write of the series page; True when it saved."""
    try:
        if action == "edit" and edit_form.is_valid():
            try:
                services.series_update(
                    event=event,
                    acting_user=request.user,
                    version=edit_form.version,
                    **edit_form.changed_fields(),
                )
            except StaleEdit as stale:
                edit_form.refuse_stale(stale)
                return False
            messages.success(request, "Серия сохранена.")
            return True
        if action == "session" and session_form.is_valid():
            session = session_form.save(commit=False)
            session.event = event
            services.session_save(session=session, acting_user=request.user)
            messages.success(request, f"Занятие «{session.topic}» добавлено.")
            return True
        if action == "enrol" and enrol_form.is_valid():
            person = enrol_form.cleaned_data["person"]
            services.series_enrol(event=event, person=person, acting_user=request.user)
            messages.success(request, f"{person.full_name} записан(а) в серию.")
            return True
    except ValidationError as error:
        form = {"edit": edit_form, "session": session_form, "enrol": enrol_form}[action]
        form.add_error(None, error)
    return False


@login_required
def session_detail(request, pk: int):
    session, access = session_for_read(request, pk)
    event = access.event
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST":
        require_edit(access)
    with series_scope(access):
        people = _staff_of(event)
        enrolled = (
            StaffMember.objects.filter(
                pk__in=Participation.objects.filter(event=event).values("person_id")
            )
            .select_related("organisation")
            .order_by("organisation__short_name", "last_name", "first_name", "pk")
        )
        present = list(
            Attendance.objects.filter(session=session)
            .select_related("person__organisation")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        edit_form = SessionForm(
            request.POST if action == "edit" else None, instance=session, leaders=people
        )
        attendance_form = AttendanceForm(
            request.POST if action == "attendance" else None,
            people=enrolled,
            initial={"present": [a.person_id for a in present]},
        )
        material_form = MaterialForm(
            request.POST if action == "material" else None,
            request.FILES if action == "material" else None,
        )
        if action is not None:
            try:
                if action == "delete":
                    services.session_delete(session=session, acting_user=request.user)
                    messages.success(request, f"Занятие «{session.topic}» удалено.")
                    return redirect("monitoring:effectiveness:series", pk=event.pk)
                if action == "edit" and edit_form.is_valid():
                    services.session_update(
                        session=session,
                        acting_user=request.user,
                        version=edit_form.version,
                        **edit_form.changed_fields(),
                    )
                    messages.success(request, "Занятие сохранено.")
                    return redirect("monitoring:effectiveness:session", pk=session.pk)
                if action == "attendance" and attendance_form.is_valid():
                    added, removed = services.attendance_set(
                        session=session,
                        present=attendance_form.cleaned_data["present"],
                        acting_user=request.user,
                    )
                    messages.success(
                        request, f"Посещаемость сохранена: отмечено {added}, снято {removed}."
                    )
                    return redirect("monitoring:effectiveness:session", pk=session.pk)
                if action == "material" and material_form.is_valid():
                    data = material_form.cleaned_data
                    services.material_add(
                        session=session,
                        title=data["title"],
                        file=data["file"],
                        url=data["url"],
                        acting_user=request.user,
                    )
                    messages.success(request, "Материал добавлен.")
                    return redirect("monitoring:effectiveness:session", pk=session.pk)
            except StaleEdit as stale:
                edit_form.refuse_stale(stale)
            except ValidationError as error:
                form = {
                    "edit": edit_form,
                    "attendance": attendance_form,
                    "material": material_form,
                }.get(action)
                if form is None:
                    raise Http404 from error
                form.add_error(None, error)
        return render(
            request,
            "monitoring/effectiveness/session.html",
            {
                "session": session,
                "event": event,
                "access": access,
                "materials": list(session.materials.all()),
                "present": present,
                "enrolled_count": enrolled.count(),
                "edit_form": edit_form,
                "attendance_form": attendance_form,
                "material_form": material_form,
            },
        )


@login_required
def material_file(request, pk: int):
    """A session's uploaded material, through the access check (never a media URL)."""
    material, _ = material_for_read(request, pk)
    if not material.file:
        raise Http404
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.file.name.split("/")[-1]
    )


@login_required
@require_POST
def material_delete(request, pk: int):
    material, access = material_for_read(request, pk)
    require_edit(access)
    session_pk = material.session_id
    with series_scope(access):
        services.material_delete(material=material, acting_user=request.user)
    messages.success(request, f"Материал «{material.title}» удалён.")
    return redirect("monitoring:effectiveness:session", pk=session_pk)
