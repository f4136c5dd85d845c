from django.urls import path

from . import criteria_views, event_views, series_views, views

app_name = "effectiveness"
urlpatterns = [
    path("municipality/<int:pk>/", views.municipality_home, name="municipality"),
    path("municipality/<int:pk>/acts/", views.local_acts, name="local_acts"),
    path("municipality/<int:pk>/criteria/", criteria_views.criteria, name="criteria"),
    path(
        "municipality/<int:pk>/road-map/",
        views.municipality_road_map,
        name="municipality_road_map",
    ),
    path(
        "municipality/<int:pk>/school-road-maps/",
        views.school_road_maps,
        name="school_road_maps",
    ),
    path("campaign/<int:pk>/", views.campaign_detail, name="campaign"),
    path("organisation/<int:pk>/", views.organisation_home, name="organisation"),
    path("form/<int:pk>/", views.form_detail, name="form"),
    path("form/<int:pk>/decide/", views.form_decide, name="decide"),
    path("road-map/<int:pk>/", views.road_map_detail, name="road_map"),
    path("road-map-year/<int:pk>/", views.road_map_year, name="road_map_year"),
    path("organisation/<int:pk>/website-checked/", views.website_checked, name="website_checked"),
    path("act/<int:pk>/file/", views.act_file, name="act_file"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path(
        "municipality/<int:pk>/events/", event_views.municipality_events, name="municipality_events"
    ),
    path(
        "organisation/<int:pk>/events/", event_views.organisation_events, name="organisation_events"
    ),
    path("event/<int:pk>/", event_views.event_detail, name="event"),
    path(
        "participation/<int:pk>/delete/",
        event_views.participation_delete,
        name="participation_delete",
    ),
    path(
        "municipality/<int:pk>/series/",
        series_views.municipality_series,
        name="municipality_series",
    ),
    path(
        "organisation/<int:pk>/series/",
        series_views.organisation_series,
        name="organisation_series",
    ),
    path("series/<int:pk>/", series_views.series_detail, name="series"),
    path("session/<int:pk>/", series_views.session_detail, name="session"),
    path("material/<int:pk>/file/", series_views.material_file, name="material_file"),
    path("material/<int:pk>/delete/", series_views.material_delete, name="material_delete"),
]
