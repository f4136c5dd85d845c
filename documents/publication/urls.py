from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("organisation/<int:pk>/", views.organisation_manage, name="organisation"),
    path("municipality/<int:pk>/", views.municipality_manage, name="municipality"),
    path("region/<int:pk>/", views.region_manage, name="region"),
    path("municipality/<int:pk>/practices/", views.bank, name="bank"),
    path("organisation/<int:pk>/practices/new/", views.practice_create, name="practice_create"),
    path("practice/<int:pk>/", views.practice_detail, name="practice"),
    path("practice/<int:pk>/materials/", views.practice_file, name="practice_file"),
    path("practice/<int:pk>/decide/", views.practice_decide, name="practice_decide"),
    path("my/consent/", views.my_consent, name="my_consent"),
]
