import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from mentorship.devtools.scale import SCALES, generate
from orgs.tenancy import scopes_disabled


class Command(BaseCommand):
    help = (
        "Заполняет PostgreSQL правдоподобными данными заданного масштаба: школа, муниципалитет, "
        "регион или страна (89 регионов, ~80 000 организаций, ~1,1 млн педагогов). "
        "Один и тот же --seed даёт одни и те же данные."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Нужен PostgreSQL (DATABASE_URL): на SQLite масштабные данные не грузятся."
            )
        started = time.monotonic()
        with scopes_disabled():
            counts = generate(scale, seed=seed, log=self.stdout.write)
        seconds = time.monotonic() - started
        for label, n in sorted(counts.items()):
            self.stdout.write(f"{label:32} {n:>12,}".replace(",", " "))
        self.stdout.write(
            f"Итого {sum(counts.values()):,} строк за {seconds:.0f} с".replace(",", " ")
        )
