"""Audit history pages: a curator sees the history of the organisation's records, a
methodist the municipality's; both filter it and download it for an inspection."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from mentorship import exports

from . import audit
from .access import require_role
from .filters import AuditFilter
from .models import Municipality, Organisation, Role

# An export for an inspection is bounded: narrow the dates for more.
EXPORT_LIMIT = 50_000


def _history_page(request, *, entries, title: str, place, filename: str):
    filterset = AuditFilter(request.GET or None, queryset=entries)
    if filterset.is_bound and filterset.is_valid():
        entries = filterset.qs
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        rows = audit.as_rows(entries[:EXPORT_LIMIT], request.viewer)
        name = f"{filename}-{timezone.localdate():%Y-%m-%d}"
        sheet = exports.Sheet("История изменений", audit.HEADERS, rows)
        return exports.response(
            export, name, sheet, parameters=exports.parameters_from(filterset.form)
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/history.html",
        {
            "title": title,
            "place": place,
            "filter": filterset,
            "page": page,
            "rows": [audit.describe(e, request.viewer) for e in page],
            "query": query.urlencode(),
        },
    )


@exports.offers("xlsx", "csv")
@login_required
def organisation_history(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, Role.CURATOR, Role.DIRECTOR, Role.METHODIST, organisation=organisation)
    return _history_page(
        request,
        entries=audit.history(organisation=organisation),
        title=f"История изменений: {organisation.short_name}",
        place=organisation,
        filename=f"history-organisation-{organisation.pk}",
    )


@exports.offers("xlsx", "csv")
@login_required
def municipality_history(request, pk: int):
    municipality = get_object_or_404(Municipality.objects, pk=pk)
    require_role(request, Role.METHODIST, municipality=municipality)
    return _history_page(
        request,
        entries=audit.history(municipality=municipality),
        title=f"История изменений: {municipality}",
        place=municipality,
        filename=f"history-municipality-{municipality.pk}",
    )
