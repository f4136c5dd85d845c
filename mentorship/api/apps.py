from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public JSON API v1: tokens, authentication and the resources of every app."""

    name = "mentorship.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from django.urls import get_resolver

        from . import schema  # noqa: F401 - registers the token scheme with drf-spectacular

        # Import every view, form, filter and serializer now, outside any tenant scope: a
        # queryset declared at class level must be built unscoped (and re-scoped per request),
        # never inside the first request that happens to import the module (orgs.tenancy).
        _ = get_resolver().url_patterns

        from . import changes
        from .urls import router

        changes.connect(router)
