from django.urls import path

from . import matching_views, views

app_name = "pairs"
urlpatterns = [
    path("my/", views.my_mentoring, name="my"),
    path("my/settings/", views.my_settings, name="my_settings"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("organisations/<int:org_pk>/", views.pair_list, name="list"),
    path("organisations/<int:org_pk>/new/", views.pair_create, name="create"),
    path("organisations/<int:org_pk>/staff-search/", views.staff_search, name="staff_search"),
    path("organisations/<int:org_pk>/programmes/", views.programmes, name="programmes"),
    path(
        "organisations/<int:org_pk>/programmes/new/",
        views.programme_create,
        name="programme_create",
    ),
    path("organisations/<int:org_pk>/log/", views.log, name="log"),
    path("organisations/<int:org_pk>/matching/", matching_views.cohort_matching, name="cohort"),
    path("staff/<int:pk>/mentors/", matching_views.suggest_mentors, name="suggest"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/close/", views.programme_close, name="programme_close"),
    path("<int:pk>/", views.pair_detail, name="detail"),
    path("<int:pk>/edit/", views.pair_edit, name="edit"),
    path("<int:pk>/status/", views.pair_status, name="status"),
    path("<int:pk>/extend/", views.pair_extend, name="extend"),
    path("<int:pk>/consent/", views.pair_consent_record, name="consent_record"),
    path("<int:pk>/consent/scan/", views.pair_consent_scan, name="consent_scan"),
    path("<int:pair_pk>/plans/new/", views.plan_create, name="plan_create"),
    path("<int:pair_pk>/log/new/", views.log_add, name="log_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/activities/new/", views.activity_add, name="activity_add"),
    path("plans/<int:pk>/reorder/", views.plan_reorder, name="plan_reorder"),
    path("plans/<int:pk>/shift/", views.plan_shift, name="plan_shift"),
    path("plans/<int:pk>/save-template/", views.plan_save_template, name="plan_save_template"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/row/", views.activity_row, name="activity_row"),
    path("activities/<int:pk>/done/", views.activity_done, name="activity_done"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/move/", views.activity_move, name="activity_move"),
]
