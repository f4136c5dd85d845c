import importlib

import pytest
from django.apps import apps

from monitoring.diagnostics.ready import install


def restore_catalogue() -> None:
    """Browser and worker tests flush every table, including the rows data migrations put
    there (the deficit areas, the ready instruments); a later test in the same xdist worker
    would find them gone. Both loaders are idempotent."""
    importlib.import_module("orgs.migrations.0003_deficit_area_catalogue").create(apps, None)
    install(apps.get_model)


@pytest.fixture(autouse=True)
def _catalogue(db):
    restore_catalogue()
