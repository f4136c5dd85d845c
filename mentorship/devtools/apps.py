from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "mentorship.devtools"
    label = "devtools"
    verbose_name = "Инструменты разработки"
