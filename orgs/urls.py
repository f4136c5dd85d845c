from django.urls import path

from . import history_views, views

app_name = "orgs"
urlpatterns = [
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("organisations/<int:pk>/", views.workspace, name="workspace"),
    path("organisations/<int:pk>/staff/", views.staff_list, name="staff_list"),
    path("organisations/<int:pk>/requisites/", views.requisites, name="requisites"),
    path("organisations/<int:pk>/staff/add/", views.staff_add, name="staff_add"),
    path("organisations/<int:pk>/import/", views.import_page, name="import"),
    path("organisations/<int:pk>/import/template/", views.import_template, name="import_template"),
    path("organisations/<int:pk>/import/staff/", views.import_export, name="import_export"),
    path("organisations/<int:pk>/matching/", views.cohort_moved, name="cohort_moved"),
    path("organisations/<int:pk>/history/", history_views.organisation_history, name="history"),
    path(
        "municipalities/<int:pk>/history/",
        history_views.municipality_history,
        name="municipality_history",
    ),
    path(
        "municipalities/<int:pk>/requisites/",
        views.municipality_requisites,
        name="municipality_requisites",
    ),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("staff/<int:pk>/", views.staff_card, name="staff_card"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/leave/", views.staff_leave, name="staff_leave"),
    path("staff/<int:pk>/personal-data/", views.staff_personal_data, name="personal_data"),
    path("staff/<int:pk>/anonymise/", views.staff_anonymise, name="anonymise"),
    path("staff/<int:pk>/mentor-profile/", views.mentor_profile_edit, name="mentor_profile"),
    path("staff/<int:pk>/mentors/", views.suggest_moved, name="suggest_moved"),
    path("municipalities/<int:pk>/mentors/", views.mentor_base_page, name="mentor_base"),
    path("municipalities/<int:pk>/matching-weights/", views.matching_weights_page, name="weights"),
]
