from django.apps import AppConfig


class EffectivenessConfig(AppConfig):
    """Annual effectiveness monitoring, events, road maps and local acts (a sub-app of
    monitoring with its own migrations)."""

    name = "monitoring.effectiveness"
    label = "effectiveness"
    verbose_name = "Мониторинг эффективности"

    def ready(self):
        from orgs import extensions as orgs_extensions
        from orgs import personal_data
        from pairs import extensions

        from .selectors import (
            person_data_of,
            series_places_of_people,
            sessions_for_people,
            staff_card_part,
        )

        # The plan pages and «Моё наставничество» (pairs) show the sessions people attend.
        extensions.register_sessions(sessions_for_people)
        extensions.register_session_places(series_places_of_people)
        # A person's request for their data (orgs) includes the events they took part in.
        personal_data.register_person_data(person_data_of)
        # A staff card (orgs) shows the person's events and years of mentoring.
        orgs_extensions.register_staff_card_part(staff_card_part)
