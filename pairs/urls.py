from django.urls import path

from . import views

app_name = "pairs"
urlpatterns = [
    path("my/", views.my_mentoring, name="my"),
]
