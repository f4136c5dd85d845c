from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .access import require_role
from .filters import StaffFilter
from .forms import LeaveForm, StaffForm
from .models import Membership, Organisation, Role, StaffMember
from .selectors import staff_figures_by, staff_with_mentoring

READ_ORGANISATION_ROLES = (
    Role.CURATOR,
    Role.DIRECTOR,
    Role.PSYCHOLOGIST,
    Role.METHODIST,
    Role.REGION_COORDINATOR,
)


@login_required
def home(request):
    return redirect(request.viewer.home_url())


@login_required
def workspace(request, pk: int):
    """The organisation's mentoring workspace: figures, people in charge, staff."""
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, *READ_ORGANISATION_ROLES, organisation=organisation)
    figures = staff_figures_by("organisation").get(organisation.pk)
    staff = (
        StaffMember.objects.filter(organisation=organisation)
        .working()
        .prefetch_related("subjects")
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    people_in_charge = (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    from pairs.selectors import pair_figures  # read-only, upward: pairs builds on orgs

    return render(
        request,
        "orgs/workspace.html",
        {
            "organisation": organisation,
            "figures": figures,
            "page": page,
            "people_in_charge": people_in_charge,
            "pair_figures": pair_figures(organisation),
        },
    )


# --- staff ---------------------------------------------------------------------------------

STAFF_PAGE_SIZE = 50
# Birth dates and contacts: only the school's own people in charge see them (152-ФЗ).
PERSONAL_DATA_ROLES = (Role.CURATOR, Role.DIRECTOR, Role.PSYCHOLOGIST)


def _organisation_for_staff(request, pk: int, *, write: bool) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    roles = (Role.CURATOR,) if write else READ_ORGANISATION_ROLES
    require_role(request, *roles, organisation=organisation)
    return organisation


@login_required
def staff_list(request, pk: int):
    organisation = _organisation_for_staff(request, pk, write=False)
    staff_filter = StaffFilter(
        request.GET or {"employment_status": StaffMember.Status.WORKS},
        queryset=staff_with_mentoring(organisation).order_by("last_name", "first_name", "pk"),
    )
    page = Paginator(staff_filter.qs, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/staff_list.html",
        {
            "organisation": organisation,
            "filter": staff_filter,
            "page": page,
            "query": query.urlencode(),
            "manage": request.viewer.has_role(Role.CURATOR, organisation=organisation),
        },
    )


@login_required
def staff_card(request, pk: int):
    person = get_object_or_404(
        StaffMember.objects.select_related("organisation", "previous_organisation"), pk=pk
    )
    organisation = person.organisation
    require_role(request, *READ_ORGANISATION_ROLES, organisation=organisation)
    from pairs.models import PairMember, Plan  # read-only, upward: pairs builds on orgs

    memberships = list(
        PairMember.objects.filter(staff=person)
        .select_related("pair__programme")
        .order_by("-pair__starts_on")
    )
    plans = list(Plan.objects.filter(mentee=person).select_related("pair").order_by("-starts_on"))
    return render(
        request,
        "orgs/staff_card.html",
        {
            "person": person,
            "organisation": organisation,
            "as_mentor": [m.pair for m in memberships if m.role == PairMember.Role.MENTOR],
            "as_mentee": [m.pair for m in memberships if m.role == PairMember.Role.MENTEE],
            "plans": plans,
            "show_personal": request.viewer.has_role(
                *PERSONAL_DATA_ROLES, organisation=organisation
            ),
            "manage": request.viewer.has_role(Role.CURATOR, organisation=organisation),
            "leave_form": LeaveForm(),
        },
    )


@login_required
def staff_create(request, pk: int):
    organisation = _organisation_for_staff(request, pk, write=True)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        subjects = data.pop("subjects")
        try:
            person = services.staff_create(
                organisation=organisation, subjects=subjects, acting_user=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Сотрудник {person.full_name} добавлен.")
            return redirect("orgs:staff_card", pk=person.pk)
    return render(request, "orgs/staff_form.html", {"organisation": organisation, "form": form})


@login_required
def staff_edit(request, pk: int):
    person = get_object_or_404(StaffMember.objects.select_related("organisation"), pk=pk)
    require_role(request, Role.CURATOR, organisation=person.organisation)
    form = StaffForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        subjects = data.pop("subjects")
        services.staff_update(person=person, subjects=subjects, acting_user=request.user, **data)
        messages.success(request, "Изменения сохранены.")
        return redirect("orgs:staff_card", pk=person.pk)
    return render(
        request,
        "orgs/staff_form.html",
        {"organisation": person.organisation, "form": form, "person": person},
    )


@login_required
@require_POST
def staff_leave(request, pk: int):
    person = get_object_or_404(StaffMember.objects.select_related("organisation"), pk=pk)
    require_role(request, Role.CURATOR, organisation=person.organisation)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите дату увольнения.")
        return redirect("orgs:staff_card", pk=person.pk)
    try:
        services.staff_mark_left(
            person=person,
            left_on=form.cleaned_data["left_on"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person.full_name} отмечен(а) как уволенный(ая).")
    return redirect("orgs:staff_card", pk=person.pk)
