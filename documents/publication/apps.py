from django.apps import AppConfig


class PublicationConfig(AppConfig):
    """Public «Наставничество» pages, news and the bank of practices (a sub-app of
    documents with its own migrations)."""

    name = "documents.publication"
    label = "publication"
    verbose_name = "Публичные страницы и банк практик"

    def ready(self):
        from orgs import personal_data
        from pairs import extensions

        from .access import materials_of_plan
        from .selectors import person_data_of

        # The plan page (pairs) lists the bank's practices its activities use.
        extensions.register_plan_materials(materials_of_plan)
        # A person's request for their data (orgs) includes their practices in the bank.
        personal_data.register_person_data(person_data_of)
