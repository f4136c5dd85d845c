from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    """Diagnostics: instruments, campaigns, answers, deficit profiles (a sub-app of monitoring
    with its own migrations)."""

    name = "monitoring.diagnostics"
    label = "diagnostics"
    verbose_name = "Диагностика"
