"""A load run: many clients at once against a live gunicorn on PostgreSQL, mixing
curators' and methodists' pages with writes (log entries), then checking that every write
the portal acknowledged is stored and that no request failed."""

from __future__ import annotations

import random
import statistics
import threading
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from monitoring.loadtools import Gunicorn, get, member, post_form
from orgs.models import Municipality, Organisation, Role
from orgs.tenancy import scopes_disabled


class Command(BaseCommand):
    help = (
        "Нагрузочный прогон: параллельные клиенты (куратор и методист) читают страницы и "
        "пишут записи журнала; в конце — число ошибок и сверка записей с базой."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=32)
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args, concurrency, seconds, workers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Нагрузочный прогон идёт на PostgreSQL: задайте DATABASE_URL.")
        from pairs.models import LogEntry, Pair

        with scopes_disabled():
            busiest = (
                Pair.objects.filter(status=Pair.Status.ACTIVE)
                .values("organisation")
                .annotate(n=Count("pk"))
                .order_by("-n")
                .first()
            )
            if busiest is None:
                raise CommandError(
                    "Нет действующих пар: сначала generate_scale_data или seed_demo."
                )
            organisation = Organisation.objects.get(pk=busiest["organisation"])
            municipality = Municipality.objects.get(pk=organisation.municipality_id)
            curator = member("load-curator", Role.CURATOR, organisation=organisation)
            methodist = member("load-methodist", Role.METHODIST, municipality=municipality)
            pairs = list(
                Pair.objects.filter(
                    organisation=organisation, status=Pair.Status.ACTIVE
                ).values_list("pk", flat=True)[:50]
            )
        topic = f"Нагрузочный прогон {uuid.uuid4().hex[:8]}"
        reads = [
            (reverse("pairs:list", args=[organisation.pk]), curator),
            (reverse("orgs:staff_list", args=[organisation.pk]), curator),
            (reverse("monitoring:school_overview", args=[organisation.pk]), curator),
            (reverse("monitoring:municipality_overview", args=[municipality.pk]), methodist),
        ]
        results = {"requests": 0, "errors": [], "acknowledged": 0, "times": []}
        lock = threading.Lock()
        deadline = 0.0  # set once the server is up

        def client(n: int):
            rng = random.Random(n)
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    if rng.random() < 0.2:
                        path = reverse("pairs:log_add", args=[rng.choice(pairs)])
                        status = post_form(
                            base,
                            path,
                            curator,
                            {
                                "kind": "meeting",
                                "happened_on": timezone.localdate().isoformat(),
                                "topic": topic,
                            },
                        )
                        ok, wrote = status == 302, status == 302
                    else:
                        path, user = rng.choice(reads)
                        status = get(base, path, user)[0]
                        ok, wrote = status == 200, False
                except OSError as error:
                    ok, wrote, status = False, False, str(error)
                with lock:
                    results["requests"] += 1
                    results["times"].append(time.perf_counter() - started)
                    results["acknowledged"] += wrote
                    if not ok:
                        results["errors"].append(f"{path}: {status}")

        with Gunicorn(workers) as base:
            deadline = time.monotonic() + seconds
            threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        with scopes_disabled():
            stored = LogEntry.objects.filter(topic=topic).count()
        times = sorted(results["times"])
        self.stdout.write(
            f"Клиентов: {concurrency}, длительность: {elapsed:.0f} с, воркеров gunicorn: {workers}"
        )
        self.stdout.write(
            f"Запросов: {results['requests']} ({results['requests'] / elapsed:.0f} в секунду), "
            f"p50 {statistics.median(times) * 1000:.0f} мс, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} мс"
        )
        self.stdout.write(f"Ошибок: {len(results['errors'])}")
        for error in results["errors"][:10]:
            self.stdout.write(f"  {error}")
        self.stdout.write(
            f"Записей подтверждено: {results['acknowledged']}, сохранено в базе: {stored}"
        )
        if results["errors"] or stored != results["acknowledged"]:
            raise CommandError("Прогон не прошёл: есть ошибки или потерянные записи.")
