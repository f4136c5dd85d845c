from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import (
    activity_log,
    contests,
    dashboards,
    diagnostics,
    documents,
    effectiveness,
    events,
    local_acts,
    orgs,
    pairs,
    roadmaps,
)
from .deleted import PortalRouter

# Every list gets ``<list>/deleted/`` beside it (mentorship.api.deleted).
router = PortalRouter()
router.register("regions", orgs.RegionViewSet, basename="region")
router.register("municipalities", orgs.MunicipalityViewSet, basename="municipality")
router.register("organisations", orgs.OrganisationViewSet, basename="organisation")
router.register("staff", orgs.StaffViewSet, basename="staff")
router.register("programmes", pairs.ProgrammeViewSet, basename="programme")
router.register("pairs", pairs.PairViewSet, basename="pair")
router.register("plans", pairs.PlanViewSet, basename="plan")
router.register("activities", pairs.ActivityViewSet, basename="activity")
router.register("documents", documents.DocumentViewSet, basename="document")
router.register("document-jobs", documents.JobViewSet, basename="document-job")
router.register("log-entries", activity_log.LogEntryViewSet, basename="log-entry")
router.register(
    "diagnostic-campaigns", diagnostics.DiagnosticCampaignViewSet, basename="diagnostic-campaign"
)
router.register(
    "effectiveness-campaigns",
    effectiveness.EffectivenessCampaignViewSet,
    basename="effectiveness-campaign",
)
router.register(
    "effectiveness-forms", effectiveness.EffectivenessFormViewSet, basename="effectiveness-form"
)
router.register(
    "effectiveness-answers",
    effectiveness.EffectivenessAnswerViewSet,
    basename="effectiveness-answer",
)
router.register("events", events.EventViewSet, basename="event")
router.register("contests", contests.ContestViewSet, basename="contest")
router.register("contest-applications", contests.ApplicationViewSet, basename="contest-application")
router.register("road-maps", roadmaps.RoadMapViewSet, basename="road-map")
router.register("local-acts", local_acts.LocalActViewSet, basename="local-act")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "dashboards/municipality/<int:pk>/",
        dashboards.MunicipalityDashboard.as_view(),
        name="dashboard-municipality",
    ),
    path(
        "dashboards/region/<int:pk>/",
        dashboards.RegionDashboard.as_view(),
        name="dashboard-region",
    ),
    path(
        "dashboards/organisation/<int:pk>/",
        dashboards.OrganisationDashboard.as_view(),
        name="dashboard-organisation",
    ),
    path("", include(router.urls)),
]
