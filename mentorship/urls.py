from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from health_check.views import HealthCheckView

from mentorship import benchmarking
from mentorship.api import views as api_views
from orgs import views as orgs_views


class HealthView(HealthCheckView):
    """The checks as JSON (or text when asked): the library's HTML page needs a template the
    portal does not install, so a browser's request answered 500 whatever the health."""

    def render_to_response(self, context, status=200, **kwargs):
        return self.render_to_response_json(status)


urlpatterns = [
    path("", orgs_views.home, name="home"),
    path("accounts/password_reset/", orgs_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("orgs/", include("orgs.urls")),
    path("pairs/", include("pairs.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("documents/", include("documents.urls")),
    path("publication/", include("documents.publication.urls")),
    path("portfolio/", include("documents.portfolio.urls")),
    path("nastavnichestvo/", include("documents.publication.public_urls")),
    path("api/v1/", include("mentorship.api.urls")),
    path("accounts/tokens/", api_views.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", api_views.revoke_token, name="api_token_revoke"),
    path("admin/", admin.site.urls),
    path("ping/", benchmarking.ping, name="ping"),
    # Browsers ask for /favicon.ico whatever the page says; pages link the SVG itself.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path(
        "health/",
        HealthView.as_view(checks=["health_check.checks.Database", "health_check.checks.Cache"]),
        name="health",
    ),
]

# Russian pages of the portal instead of Django's English defaults (mentorship/errors.py).
handler400 = "mentorship.errors.bad_request"
handler403 = "mentorship.errors.permission_denied"
handler404 = "mentorship.errors.page_not_found"
handler500 = "mentorship.errors.server_error"
