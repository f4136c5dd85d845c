from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_data_version_triggers(using, **kwargs):
    from . import data_versions

    data_versions.install(using)


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "Организации и люди"

    def ready(self):
        from mentorship import text

        text.install()  # every form and API text field strips control characters
        # After every migrate, so that a table added by any app is watched at once.
        post_migrate.connect(_install_data_version_triggers, sender=self)
