"""Background work of diagnostics: lifecycle surveys. Tasks take ids and are safe to rerun."""

from celery import shared_task
from django.db import transaction

from orgs import outbox
from orgs.models import Organisation
from orgs.outbox import OutboxJob
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
    with transaction.atomic():
        for organisation_id in ids:
            outbox.enqueue(
                lifecycle_surveys_for,
                organisation_id,
                key=f"lifecycle-surveys:{organisation_id}",
                unique=True,
            )
    return len(ids)


@shared_task(base=OutboxJob)
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
