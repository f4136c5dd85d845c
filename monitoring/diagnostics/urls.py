from django.urls import path

from . import views

app_name = "diagnostics"
urlpatterns = [
    path("municipalities/<int:pk>/", views.municipality_home, name="municipality"),
    path(
        "municipalities/<int:pk>/satisfaction/",
        views.municipality_satisfaction,
        name="municipality_satisfaction",
    ),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/new/", views.instrument_create, name="instrument_create"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument"),
    path("instruments/<int:pk>/sections/", views.section_add, name="section_add"),
    path(
        "instruments/<int:pk>/sections/<int:section_pk>/questions/",
        views.question_add,
        name="question_add",
    ),
    path("instruments/<int:pk>/rule/", views.version_rule, name="version_rule"),
    path("instruments/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("instruments/<int:pk>/new-version/", views.version_new, name="version_new"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/results/", views.campaign_results, name="results"),
    path("campaigns/<int:pk>/compare/", views.campaign_compare, name="compare"),
    path("campaigns/<int:pk>/satisfaction/", views.campaign_satisfaction, name="satisfaction"),
    path(
        "organisations/<int:organisation_pk>/campaigns/<int:pk>/results/",
        views.school_results,
        name="school_results",
    ),
    path("staff/<int:pk>/profile/", views.profile, name="profile"),
    path("organisations/<int:pk>/compatibility/", views.compatibility, name="compatibility"),
    path(
        "pairs/<int:pk>/compatibility/",
        views.compatibility_decide,
        name="compatibility_decide",
    ),
    path("organisations/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("plans/<int:pk>/", views.plan_panel, name="plan"),
    path("plans/<int:pk>/add/<int:typical_pk>/", views.plan_add, name="plan_add"),
    path("my/", views.my_questionnaires, name="my"),
    path("answer/<int:pk>/", views.answer, name="answer"),
    path("answer/<int:pk>/<int:number>/", views.answer, name="answer_section"),
]
