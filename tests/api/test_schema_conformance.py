"""Property-based run of the whole API against its own OpenAPI schema (schemathesis).

Generated requests — valid and hostile — with a real token of a curator must never produce a
server error or a response that violates the schema. (schemathesis' own pytest plugin does
not support pytest 9 yet, so the operations are driven with Hypothesis directly.)"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from mentorship.api.models import ApiToken

EXAMPLES_PER_OPERATION = 25


@pytest.mark.django_db(transaction=True)
def test_the_api_never_fails_and_always_matches_its_schema(cast, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    # Hundreds of requests in seconds by one token: throttling is tested elsewhere.
    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": None, "anon": None})
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    _, key = ApiToken.issue(user=cast.curator_a, name="schemathesis")
    headers = {"Authorization": f"Token {key}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        check()
