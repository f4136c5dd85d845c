from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from orgs.access import require_role
from orgs.models import Organisation, Role

from .pack import ORGANISATION_PACK


@login_required
def organisation_documents(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    require_role(
        request,
        Role.DIRECTOR,
        Role.CURATOR,
        Role.METHODIST,
        Role.REGION_COORDINATOR,
        organisation=organisation,
    )
    return render(
        request,
        "documents/organisation.html",
        {"organisation": organisation, "pack": ORGANISATION_PACK},
    )
