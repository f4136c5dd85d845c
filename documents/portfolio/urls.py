from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("<int:pk>/", views.portfolio, name="detail"),
    path("<int:pk>/pdf/", views.portfolio_pdf, name="pdf"),
]
