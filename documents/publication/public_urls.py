from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("files/<uuid:key>/", public_views.document_file, name="document_file"),
    path("normative/<uuid:key>/", public_views.normative_file, name="normative_file"),
    path("photo/<int:pk>/", public_views.news_photo, name="news_photo"),
    path("<slug:municipality_slug>/", public_views.municipality_page, name="municipality"),
    path("<slug:municipality_slug>/feed/", public_views.NewsFeed(), name="municipality_feed"),
    path(
        "<slug:municipality_slug>/feed/atom/",
        public_views.AtomNewsFeed(),
        name="municipality_atom",
    ),
    path(
        "<slug:municipality_slug>/practices/<int:pk>/",
        public_views.practice_page,
        name="practice",
    ),
    path(
        "<slug:municipality_slug>/practices/<int:pk>/materials/",
        public_views.practice_file,
        name="practice_file",
    ),
    path(
        "<slug:municipality_slug>/<slug:organisation_slug>/",
        public_views.organisation_page,
        name="organisation",
    ),
    path(
        "<slug:municipality_slug>/<slug:organisation_slug>/feed/",
        public_views.NewsFeed(),
        name="organisation_feed",
    ),
    path(
        "<slug:municipality_slug>/<slug:organisation_slug>/feed/atom/",
        public_views.AtomNewsFeed(),
        name="organisation_atom",
    ),
]
