from django.apps import AppConfig


class PublicationConfig(AppConfig):
    """Public «Наставничество» pages, news and the bank of practices (a sub-app of
    documents with its own migrations)."""

    name = "documents.publication"
    label = "publication"
    verbose_name = "Публичные страницы и банк практик"
