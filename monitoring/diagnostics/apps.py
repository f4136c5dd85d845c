from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    """Diagnostics: instruments, campaigns, answers, deficit profiles (a sub-app of monitoring
    with its own migrations)."""

    name = "monitoring.diagnostics"
    label = "diagnostics"
    verbose_name = "Диагностика"

    def ready(self):
        from orgs import personal_data
        from pairs import extensions

        from .selectors import diagnosed_needs, diagnosed_strengths, person_data_of

        # Matching (pairs) weighs what diagnostics found: mentees' needs, mentors' strengths.
        extensions.register_diagnoses(needs=diagnosed_needs, strengths=diagnosed_strengths)
        # A person's request for their data (orgs) includes their questionnaires.
        personal_data.register_person_data(person_data_of)
