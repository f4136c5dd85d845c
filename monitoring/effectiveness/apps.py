from django.apps import AppConfig


class EffectivenessConfig(AppConfig):
    """Annual effectiveness monitoring, events, road maps and local acts (a sub-app of
    monitoring with its own migrations)."""

    name = "monitoring.effectiveness"
    label = "effectiveness"
    verbose_name = "Мониторинг эффективности"
