from django.urls import include, path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.country_overview, name="country_overview"),
    path("regions/<int:pk>/", views.region_overview, name="region_overview"),
    path("municipalities/<int:pk>/", views.municipality_overview, name="municipality_overview"),
    path(
        "municipalities/<int:pk>/refresh/",
        views.municipality_refresh,
        name="municipality_refresh",
    ),
    path("organisations/<int:pk>/", views.school_overview, name="school_overview"),
    path("organisations/<int:pk>/diagnostics/", views.diagnostics, name="diagnostics"),
    path("diagnostics/", include("monitoring.diagnostics.urls")),
    path("effectiveness/", include("monitoring.effectiveness.urls")),
]
