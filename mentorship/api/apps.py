from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public JSON API v1: tokens, authentication and the resources of every app."""

    name = "mentorship.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from . import schema  # noqa: F401 - registers the token scheme with drf-spectacular
