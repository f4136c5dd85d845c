from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("organisations/<int:pk>/", views.workspace, name="workspace"),
]
