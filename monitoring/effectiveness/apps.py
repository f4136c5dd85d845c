from django.apps import AppConfig


class EffectivenessConfig(AppConfig):
    """Annual effectiveness monitoring, events, road maps and local acts (a sub-app of
    monitoring with its own migrations)."""

    name = "monitoring.effectiveness"
    label = "effectiveness"
    verbose_name = "Мониторинг эффективности"

    def ready(self):
        # The plan pages and «Моё наставничество» (pairs) show the sessions people attend.
        from pairs import extensions

        from .selectors import series_places_of_people, sessions_for_people

        extensions.register_sessions(sessions_for_people)
        extensions.register_session_places(series_places_of_people)
