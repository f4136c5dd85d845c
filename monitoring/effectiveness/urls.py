from django.urls import path

from . import views

app_name = "effectiveness"
urlpatterns = [
    path("municipality/<int:pk>/", views.municipality_home, name="municipality"),
    path("municipality/<int:pk>/acts/", views.local_acts, name="local_acts"),
    path(
        "municipality/<int:pk>/road-map/",
        views.municipality_road_map,
        name="municipality_road_map",
    ),
    path("campaign/<int:pk>/", views.campaign_detail, name="campaign"),
    path("organisation/<int:pk>/", views.organisation_home, name="organisation"),
    path("form/<int:pk>/", views.form_detail, name="form"),
    path("form/<int:pk>/decide/", views.form_decide, name="decide"),
    path("road-map/<int:pk>/", views.road_map_detail, name="road_map"),
]
