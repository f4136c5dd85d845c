from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "pairs"
    verbose_name = "Программы и пары наставничества"

    def ready(self):
        # A person's request for their data (orgs) includes their pairs.
        from orgs import personal_data

        from .selectors import person_data_of

        personal_data.register_person_data(person_data_of)
