from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг и диагностика"

    def ready(self):
        from . import refresh_on_write

        refresh_on_write.connect()
