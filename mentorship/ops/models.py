from django.db import models


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the periodic heartbeat task (``mentorship.ops.tasks``).

    Kept in the database rather than the cache: the readiness check must tell a dead worker
    from a dead cache, and a cache outage (or an evicting cache) would otherwise look like
    a dead worker. The task travels through the broker and beat, so a fresh row also says
    that beat, the broker and a worker all work."""

    worker = models.CharField("обработчик", max_length=200, unique=True)
    seen_at = models.DateTimeField("последний сигнал")

    class Meta:
        verbose_name = "сигнал обработчика задач"
        verbose_name_plural = "сигналы обработчиков задач"

    def __str__(self):
        return f"{self.worker}: {self.seen_at:%d.%m.%Y %H:%M:%S}"
