"""Background work of diagnostics: lifecycle surveys. Tasks take ids and are safe to rerun."""

from celery import shared_task

from orgs.models import Organisation
from orgs.tenancy import TenantScope, scopes_disabled, tenant_scope

from . import services
from .models import LifecycleSchedule


@shared_task
def lifecycle_surveys() -> int:
    """Beat entry: queue one task per organisation with an enabled schedule."""
    with scopes_disabled():  # a periodic task for every tenant; each task scopes itself
        ids = list(
            LifecycleSchedule.objects.filter(enabled=True).values_list("organisation_id", flat=True)
        )
    for organisation_id in ids:
        lifecycle_surveys_for.delay(organisation_id)
    return len(ids)


@shared_task
def lifecycle_surveys_for(organisation_id: int) -> int:
    with scopes_disabled():
        organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    # The organisation's own scope: its pairs, their members' invitations.
    with tenant_scope(
        TenantScope(
            frozenset({organisation.region_id}),
            frozenset({organisation.municipality_id}),
            frozenset({organisation.pk}),
        )
    ):
        return services.lifecycle_invite(organisation=organisation)
