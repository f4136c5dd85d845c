from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mentorship.api.models import ApiToken


class Command(BaseCommand):
    help = "Создаёт API-токен пользователя и печатает ключ (он показывается один раз)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Командная строка")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Пользователь «{username}» не найден или отключён.")
        _, key = ApiToken.issue(user=user, name=name)
        self.stdout.write(key)
