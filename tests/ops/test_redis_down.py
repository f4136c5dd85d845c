"""With Redis unreachable, pages that need no background task keep working."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

DEAD_REDIS = {
    "default": {
        "BACKEND": "mentorship.cache.BreakerRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": settings.REDIS_CACHE_OPTIONS,
    },
    # Each worker's own copy (settings.py): it lives in the process, Redis or not.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@pytest.mark.django_db
def test_pages_and_logins_work_while_redis_is_down(client, cast):
    with override_settings(CACHES=DEAD_REDIS):
        from django.core.cache import caches

        assert caches["default"].__class__.__name__ == "BreakerRedisCache"
        assert cache.get("anything") is None  # a miss, not an error
        response = client.post(
            reverse("login"),
            {"username": "curator_a", "password": "demo-mentor-2026"},
            follow=True,
        )
        assert response.status_code == 200
        assert cast.teacher_a.full_name in response.content.decode()
