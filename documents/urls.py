from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("organisations/<int:pk>/", views.organisation_documents, name="organisation"),
]
