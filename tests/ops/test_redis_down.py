"""With Redis unreachable, pages that need no background task keep working."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    },
    # Each worker's own copy (settings.py): it lives in the process, Redis or not.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@pytest.mark.django_db
def test_pages_and_logins_work_while_redis_is_down(client, cast):
    with override_settings(CACHES=DEAD_REDIS):
        from django.core.cache import caches

        assert caches["default"].__class__.__name__ == "RedisCache"
        assert cache.get("anything") is None  # a miss, not an error
        response = client.post(
            reverse("login"),
            {"username": "curator_a", "password": "demo-mentor-2026"},
            follow=True,
        )
        assert response.status_code == 200
        assert cast.teacher_a.full_name in response.content.decode()
