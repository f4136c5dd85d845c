from django.apps import AppConfig


class ContestConfig(AppConfig):
    """The municipal contest for mentors (a sub-app of documents with its own migrations)."""

    name = "documents.contest"
    label = "contest"
    verbose_name = "Конкурс наставников"
