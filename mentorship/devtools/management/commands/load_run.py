"""A load run: many clients at once against a live gunicorn on PostgreSQL, mixing curators'
and methodists' pages with writes (log entries), then checking that every write the portal
acknowledged is stored and that no request failed.

``--edits``: instead, clients edit the same pairs at once through the pair's edit form, each
client its own field of a shared pair (two curators, one changing the note, another the
order: the lost update of a plain save). A save refused as stale is reopened and tried again,
as a person would. At the end every field holds the last value its client saw acknowledged;
any other value is a lost update, and the run fails unless there are none."""

from __future__ import annotations

import random
import re
import statistics
import threading
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from mentorship.devtools.loadtools import Gunicorn, edit_form, get, member, post_form
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
        parser.add_argument(
            "--edits",
            action="store_true",
            help="одновременные правки одних и тех же пар; отчёт о потерянных изменениях",
        )

    def handle(self, *args, concurrency, seconds, workers, edits=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Нагрузочный прогон идёт на PostgreSQL: задайте DATABASE_URL.")
        if edits:
            return self.edit_race(concurrency=concurrency, seconds=seconds, workers=workers)
        from pairs.models import LogEntry, Pair

        with scopes_disabled():
            organisation = _busiest_organisation()
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

    # Text fields of the pair's edit form that no rule ties to another field.
    EDITED_FIELDS = ("compatibility_note", "appointment_order", "title")

    def edit_race(self, *, concurrency: int, seconds: float, workers: int) -> None:
        from orgs.concurrency import STALE_MESSAGE
        from pairs.models import Pair

        fields = self.EDITED_FIELDS
        with scopes_disabled():
            organisation = _busiest_organisation()
            shared = -(-concurrency // len(fields))  # each pair edited by len(fields) clients
            pairs = list(
                Pair.objects.filter(organisation=organisation, status=Pair.Status.ACTIVE)
                .order_by("pk")
                .values_list("pk", flat=True)[:shared]
            )
            curators = [
                member(f"load-curator-{k}", Role.CURATOR, organisation=organisation)
                for k in range(len(fields))
            ]
        # Client n owns one field of one pair: nobody else writes it, so its value at the end
        # must be the last one the portal acknowledged to that client.
        slots = [
            (pairs[n // len(fields) % len(pairs)], fields[n % len(fields)])
            for n in range(concurrency)
        ]
        run = uuid.uuid4().hex[:6]
        last = {}
        counts = {"saved": 0, "refused": 0, "errors": []}
        lock = threading.Lock()
        deadline = 0.0

        def client(n: int):
            pair_id, field = slots[n]
            path = reverse("pairs:edit", args=[pair_id])
            curator = curators[n % len(curators)]
            edit = 0
            while time.monotonic() < deadline:
                edit += 1
                value = f"Правка {run}-{n}-{edit}"
                try:
                    status, body = edit_form(base, path, curator, {field: value})
                except OSError as error:
                    status, body = str(error), ""
                with lock:
                    if status == 302:
                        counts["saved"] += 1
                        last[n] = value
                    elif status == 200 and STALE_MESSAGE in body:
                        counts["refused"] += 1
                    else:
                        counts["errors"].append(f"{path}: {status} {_form_errors(body)}")

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
            stored = {p.pk: p for p in Pair.objects.filter(pk__in=pairs)}
        lost = [
            f"пара {slots[n][0]}, поле {slots[n][1]}: подтверждено «{value}», "
            f"в базе «{getattr(stored[slots[n][0]], slots[n][1])}»"
            for n, value in sorted(last.items())
            if getattr(stored[slots[n][0]], slots[n][1]) != value
        ]
        self.stdout.write(
            f"Клиентов: {concurrency} на {len(pairs)} парах (по {len(fields)} поля каждой), "
            f"длительность: {elapsed:.0f} с, воркеров gunicorn: {workers}"
        )
        self.stdout.write(
            f"Правок сохранено: {counts['saved']}, отклонено как устаревшие (открыто заново): "
            f"{counts['refused']}"
        )
        self.stdout.write(f"Ошибок: {len(counts['errors'])}")
        for error in counts["errors"][:10]:
            self.stdout.write(f"  {error}")
        self.stdout.write(f"Потерянных изменений: {len(lost)}")
        for line in lost[:10]:
            self.stdout.write(f"  {line}")
        if counts["errors"] or lost or not counts["saved"]:
            raise CommandError("Прогон не прошёл: есть ошибки или потерянные изменения.")


def _form_errors(body: str) -> str:
    """The messages a refused form shows (for the report)."""
    found = re.findall(r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>\s*(.*?)<', body)
    return "; ".join(dict.fromkeys(m.strip() for m in found if m.strip()))[:300]


def _busiest_organisation() -> Organisation:
    """The organisation with the most working pairs: where concurrent clients collide most.
    Called inside the command's ``scopes_disabled()``."""
    from pairs.models import Pair

    busiest = (
        Pair.objects.filter(status=Pair.Status.ACTIVE)
        .values("organisation")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise CommandError("Нет действующих пар: сначала generate_scale_data или seed_demo.")
    return Organisation.objects.get(pk=busiest["organisation"])
