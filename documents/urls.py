from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("organisations/<int:pk>/", views.organisation_documents, name="organisation"),
    path(
        "organisations/<int:pk>/new/<slug:kind>/",
        views.organisation_create,
        name="organisation_create",
    ),
    path(
        "organisations/<int:pk>/wording/", views.organisation_wording, name="organisation_wording"
    ),
    path("municipalities/<int:pk>/", views.municipality_documents, name="municipality"),
    path(
        "municipalities/<int:pk>/wording/", views.municipality_wording, name="municipality_wording"
    ),
    path(
        "municipalities/<int:pk>/new/<slug:kind>/",
        views.municipality_create,
        name="municipality_create",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path(
        "pairs/<int:pk>/consent-request/",
        views.pair_consent_request,
        name="pair_consent_request",
    ),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/scan/", views.upload_scan, name="upload_scan"),
    path("<int:pk>/download/<slug:fmt>/", views.download, name="download"),
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("verify/<uuid:code>/", views.verify, name="verify"),
]
