from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("organisations/<int:pk>/", views.workspace, name="workspace"),
    path("organisations/<int:pk>/staff/", views.staff_list, name="staff"),
    path("organisations/<int:pk>/staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_card, name="staff_card"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/leave/", views.staff_leave, name="staff_leave"),
]
