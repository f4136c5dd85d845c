from django.urls import path

from . import views

app_name = "contest"
urlpatterns = [
    path("municipality/<int:pk>/", views.municipality_contests, name="municipality"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("from-event/<int:pk>/", views.contest_from_event, name="from_event"),
    path("<int:pk>/setup/<slug:part>/", views.contest_setup, name="setup"),
    path("<int:pk>/apply/<int:organisation>/", views.contest_apply, name="apply"),
    path("<int:pk>/publish/", views.results_publish, name="publish"),
    path("stage/<int:pk>/close/", views.stage_close, name="stage_close"),
    path("application/<int:pk>/", views.application_detail, name="application"),
    path("application/<int:pk>/assign/", views.application_assign, name="assign"),
    path("jury/", views.jury, name="jury"),
    path("assignment/<int:pk>/", views.assignment_score, name="score"),
]
