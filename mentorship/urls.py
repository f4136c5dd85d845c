from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from mentorship.api import views as api_views
from mentorship.ops import metrics as ops_metrics
from mentorship.ops import views as ops_views
from orgs import views as orgs_views

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
    path("contests/", include("documents.contest.urls")),
    path("nastavnichestvo/", include("documents.publication.public_urls")),
    path("api/v1/", include("mentorship.api.urls")),
    path("accounts/tokens/", api_views.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", api_views.revoke_token, name="api_token_revoke"),
    path("admin/", admin.site.urls),
    path("ping/", ops_views.ping, name="ping"),
    # Browsers ask for /favicon.ico whatever the page says; pages link the SVG itself.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    # /health/live and /health/ready (mentorship/ops/views.py, README «Эксплуатация»).
    path("health/", include("mentorship.ops.urls")),
    path("metrics", ops_metrics.metrics, name="metrics"),
]

# Russian pages of the portal instead of Django's English defaults (mentorship/errors.py).
handler400 = "mentorship.errors.bad_request"
handler403 = "mentorship.errors.permission_denied"
handler404 = "mentorship.errors.page_not_found"
handler500 = "mentorship.errors.server_error"
