import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from orgs.tenancy import scopes_disabled

ACCOUNTS_STEP = "orgs.demo.seed.seed"
# Each app adds its own step here; the steps run in order and each is idempotent.
DEMO_STEPS = [
    ACCOUNTS_STEP,
    "orgs.demo.mentor_base.seed",
    "pairs.demo.seed",
    "monitoring.diagnostics.demo.seed",
    "monitoring.effectiveness.demo.seed",
    "documents.demo.seed",
    "documents.publication.demo.seed",
    "documents.contest.demo.seed",
    "monitoring.demo.seed",  # last: the overview summaries add up everything above
]
FLAG = "--allow-without-debug"


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационный регион (Онгудайский район, г. Кедровый). "
        "Повторный запуск ничего не меняет. При DEBUG=off — только с флагом "
        f"{FLAG}: тогда у каждой новой учётной записи случайный пароль, он выводится один раз."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            FLAG,
            action="store_true",
            help="Разрешить запуск при DEBUG=off (случайные пароли вместо демонстрационного).",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        # The demo's password is published in the README: with DEBUG off (a real server)
        # accounts must never get it, even when somebody loads the demo for a showcase.
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "DEBUG выключен: демо-данные с общеизвестным паролем на рабочий сервер не "
                f"загружаются. Если демо-данные здесь действительно нужны, запустите с {FLAG}: "
                "каждой учётной записи будет выдан случайный пароль, он будет показан один раз."
            )
        generated: dict[str, str] = {}
        passwords = {}
        if not settings.DEBUG:

            def random_password(username: str) -> str:
                generated[username] = secrets.token_urlsafe(12)
                return generated[username]

            passwords = {"passwords": random_password}
        with scopes_disabled():
            for step in DEMO_STEPS:
                extra = passwords if step == ACCOUNTS_STEP else {}
                import_string(step)(log=self.stdout.write, **extra)
        if settings.DEBUG:
            self.stdout.write(
                f"Пароль всех демонстрационных учётных записей: {settings.DEMO_PASSWORD}"
            )
        elif generated:
            self.stdout.write("Пароли новых учётных записей (показаны один раз, сохраните их):")
            for username, password in generated.items():
                self.stdout.write(f"  {username}: {password}")
        else:
            self.stdout.write("Новых учётных записей нет; пароли прежних не менялись.")
