from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What an operator needs of the running portal: health checks, the workers' heartbeat,
    metrics. Infrastructure rows of no tenant, shown on no page."""

    name = "mentorship.ops"
    label = "ops"
    verbose_name = "Эксплуатация"
    default_auto_field = "django.db.models.BigAutoField"
