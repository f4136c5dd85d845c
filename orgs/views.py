from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from .access import require_role
from .models import Membership, Organisation, Role, StaffMember
from .selectors import staff_figures_by

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
