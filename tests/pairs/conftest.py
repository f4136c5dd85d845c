import pytest

from pairs.models import PlanTemplate, PlanTemplateActivity
from pairs.plan_templates import install


@pytest.fixture
def shipped_templates(db):
    """The templates a data migration ships; a transactional test's flush removes them."""
    install(PlanTemplate, PlanTemplateActivity)
