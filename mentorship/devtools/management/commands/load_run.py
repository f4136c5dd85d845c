"""A load run: many clients at once against a live gunicorn on PostgreSQL, mixing curators'
and methodists' pages with writes (log entries), then checking that every write the portal
acknowledged is stored and that no request failed.

``--edits``: instead, clients edit the same records at once, each client its own field of a
shared record: pairs through their edit page and plan activities through their inline edit
on the plan page (two curators, one changing the note, another the order: the lost update of
a plain save). A save refused as stale is reopened and tried again,
as a person would. At the end every field holds the last value its client saw acknowledged;
any other value is a lost update, and the run fails unless there are none.

``--writers 1,4,8``: instead, only writes (log entries through the form), by 1, then 4, then 8
clients at once, first all in the busiest school, then each in a school of its own. A write
raises its school's data-version counter, a row every write of that school updates, so the
writes of one school wait for each other's commit; the second run, with the same number of
clients and no shared counter, shows how much of the cost is that wait. Reports writes per
second, p50 and p95 of a write, and how often a database session waited for a lock."""

from __future__ import annotations

import argparse
import random
import re
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from mentorship.devtools.loadtools import (
    Gunicorn,
    edit_form,
    get,
    member,
    open_form,
    post_form,
    submit_form,
)
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
        parser.add_argument(
            "--writers",
            type=_counts,
            help="только записи: столько клиентов сразу в одной школе и в разных, например 1,4,8"
            " (--seconds на каждый шаг)",
        )

    def handle(self, *args, concurrency, seconds, workers, edits=False, writers=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Нагрузочный прогон идёт на PostgreSQL: задайте DATABASE_URL.")
        if edits:
            return self.edit_race(concurrency=concurrency, seconds=seconds, workers=workers)
        if writers:
            return self.writers(counts=writers, seconds=seconds, workers=workers)
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
            elapsed = _run_clients(client, concurrency)
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

    def edit_race(self, *, concurrency: int, seconds: float, workers: int) -> None:
        from orgs.concurrency import STALE_MESSAGE

        with scopes_disabled():
            organisation = _busiest_organisation()
            targets = [t for t in _edit_targets(organisation) if t.rows]
            curators = [
                member(f"load-curator-{k}", Role.CURATOR, organisation=organisation)
                for k in range(max(len(t.fields) for t in targets))
            ]
        # Client n owns one field of one row of one kind: nobody else writes it, so its value
        # at the end must be the last one the portal acknowledged to that client.
        slots = []
        for n in range(concurrency):
            target = targets[n % len(targets)]
            k = n // len(targets)
            row = target.rows[k // len(target.fields) % len(target.rows)]
            slots.append((target, row, target.fields[k % len(target.fields)]))
        run = uuid.uuid4().hex[:6]
        last = {}
        counts = {t.name: {"saved": 0, "refused": 0} for t in targets}
        errors = []
        lock = threading.Lock()
        deadline = 0.0

        def client(n: int):
            target, row, name = slots[n]
            path = reverse(target.edit, args=[row])
            page = reverse(target.page, args=[target.page_of[row]]) if target.page else ""
            curator = curators[n % len(curators)]
            edit = 0
            while time.monotonic() < deadline:
                edit += 1
                value = f"Правка {run}-{n}-{edit}"
                try:
                    status, body = edit_form(base, path, curator, {name: value}, inline_on=page)
                except OSError as error:
                    status, body = str(error), ""
                with lock:
                    if target.saved(status, body, path):
                        counts[target.name]["saved"] += 1
                        last[n] = value
                    elif status in (200, 400) and STALE_MESSAGE in body:
                        counts[target.name]["refused"] += 1
                    else:
                        errors.append(f"{path}: {status} {_form_errors(body)}")

        with Gunicorn(workers) as base:
            deadline = time.monotonic() + seconds
            elapsed = _run_clients(client, concurrency)
        with scopes_disabled():
            stored = {
                (t.name, row.pk): row
                for t in targets
                for row in t.model._base_manager.filter(pk__in=t.rows)
            }
        lost = []
        for n, value in sorted(last.items()):
            target, row, name = slots[n]
            now = getattr(stored[target.name, row], name)
            if now != value:
                lost.append(
                    f"{target.label} {row}, поле {name}: подтверждено «{value}», в базе «{now}»"
                )
        self.stdout.write(
            f"Клиентов: {concurrency}, длительность: {elapsed:.0f} с, воркеров gunicorn: {workers}"
        )
        for t in targets:
            self.stdout.write(
                f"  {t.title}: {len(t.rows)} (по {len(t.fields)} поля каждой записи), "
                f"сохранено {counts[t.name]['saved']}, отклонено {counts[t.name]['refused']}"
            )
        saved = sum(c["saved"] for c in counts.values())
        refused = sum(c["refused"] for c in counts.values())
        self.stdout.write(
            f"Правок сохранено: {saved}, отклонено как устаревшие (открыто заново): {refused}"
        )
        self.stdout.write(f"Ошибок: {len(errors)}")
        for error in errors[:10]:
            self.stdout.write(f"  {error}")
        self.stdout.write(f"Потерянных изменений: {len(lost)}")
        for line in lost[:10]:
            self.stdout.write(f"  {line}")
        if errors or lost or any(not c["saved"] for c in counts.values()):
            raise CommandError("Прогон не прошёл: есть ошибки или потерянные изменения.")

    def writers(self, *, counts: list[int], seconds: float, workers: int) -> None:
        from pairs.models import LogEntry, Pair

        most = max(counts)
        with scopes_disabled():
            busiest = _busiest_organisation()
            others = [
                row["organisation"]
                for row in Pair.objects.filter(status=Pair.Status.ACTIVE)
                .exclude(organisation=busiest)
                .values("organisation")
                .annotate(n=Count("pk"))
                .order_by("-n")[: most - 1]
            ]
            schools = [busiest, *Organisation.objects.filter(pk__in=others)]
            if len(schools) < most:
                raise CommandError(f"Нужно {most} школ с действующими парами, есть {len(schools)}.")
            writers_of = {
                school.pk: (
                    member(f"load-writer-{school.pk}", Role.CURATOR, organisation=school),
                    list(
                        Pair.objects.filter(organisation=school, status=Pair.Status.ACTIVE)
                        .order_by("pk")
                        .values_list("pk", flat=True)[:50]
                    ),
                )
                for school in schools
            }
        topic = f"Нагрузочный прогон записей {uuid.uuid4().hex[:8]}"
        # One sync worker serves one request at a time: as many workers as writers, so that
        # the writers meet in the database and not in gunicorn's queue.
        workers = max(workers, most)
        rows, acknowledged, errors = [], 0, []
        with Gunicorn(workers) as base:
            for n in counts:
                for label, places in (
                    ("одна школа", [busiest.pk] * n),
                    ("разные школы", [school.pk for school in schools[:n]]),
                ):
                    if n == 1 and label != "одна школа":
                        continue
                    step = _write_step(base, [writers_of[pk] for pk in places], topic, seconds)
                    acknowledged += step["acknowledged"]
                    errors += step["errors"]
                    rows.append((n, label, step))
        with scopes_disabled():
            stored = LogEntry.objects.filter(topic=topic).count()
        self.stdout.write(
            f"Только записи (журнал пары через форму), по {seconds:.0f} с на шаг, "
            f"воркеров gunicorn: {workers}; одна школа: {busiest.short_name or busiest.name}"
        )
        self.stdout.write(
            f"{'клиентов':>8}  {'где':<12} {'записей':>7} {'в секунду':>9} "
            f"{'p50, мс':>8} {'p95, мс':>8} {'ждут блокировку':>15}"
        )
        for n, label, step in rows:
            times = sorted(step["times"]) or [0.0]
            self.stdout.write(
                f"{n:>8}  {label:<12} {len(step['times']):>7} "
                f"{len(step['times']) / step['elapsed']:>9.1f} "
                f"{statistics.median(times) * 1000:>8.0f} "
                f"{times[int(len(times) * 0.95)] * 1000:>8.0f} "
                f"{step['lock_waits']:>14.2f}"
            )
        self.stdout.write(
            "«ждут блокировку»: сколько сеансов базы в среднем ждали блокировку строки "
            "(замер pg_stat_activity каждые 20 мс)"
        )
        self.stdout.write(f"Ошибок: {len(errors)}")
        for error in errors[:10]:
            self.stdout.write(f"  {error}")
        self.stdout.write(f"Записей подтверждено: {acknowledged}, сохранено в базе: {stored}")
        if errors or stored != acknowledged:
            raise CommandError("Прогон не прошёл: есть ошибки или потерянные записи.")


def _run_clients(client, concurrency: int) -> float:
    """Starts every client at once, waits for all of them and returns the seconds they took."""
    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _counts(value: str) -> list[int]:
    try:
        counts = [int(part) for part in value.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("числа клиентов через запятую, например 1,4,8")
    return counts


def _write_step(base: str, writers: list, topic: str, seconds: float) -> dict:
    """``len(writers)`` clients at once, each only writing log entries of its (curator,
    pairs) for ``seconds``, while a sampler counts the database sessions waiting for a lock."""
    from django.db import connections

    result = {"times": [], "errors": [], "acknowledged": 0, "lock_waits": 0.0}
    lock = threading.Lock()
    ready = threading.Barrier(len(writers) + 1)
    stop = threading.Event()
    data = {"kind": "meeting", "happened_on": timezone.localdate().isoformat(), "topic": topic}

    def client(n: int, curator: dict, pairs: list[int]):
        rng = random.Random(n)
        try:
            status, browser = open_form(base, reverse("pairs:log_add", args=[pairs[0]]), curator)
        except OSError as error:
            status = str(error)
        ready.wait()
        if status != 200:
            with lock:
                result["errors"].append(f"форма записи: {status}")
            return
        while not stop.is_set():
            path = reverse("pairs:log_add", args=[rng.choice(pairs)])
            started = time.perf_counter()
            try:
                status = submit_form(base, path, browser, data)
            except OSError as error:
                status = str(error)
            with lock:
                if status == 302:
                    result["times"].append(time.perf_counter() - started)
                    result["acknowledged"] += 1
                else:
                    result["errors"].append(f"{path}: {status}")

    def sampler():
        waiting, samples = 0, 0
        try:
            with connections["default"].cursor() as cursor:
                while not stop.wait(0.02):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'"
                    )
                    waiting += cursor.fetchone()[0]
                    samples += 1
        finally:
            connections["default"].close()
        result["lock_waits"] = waiting / max(samples, 1)

    threads = [
        threading.Thread(target=client, args=(n, curator, pairs))
        for n, (curator, pairs) in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    watcher = threading.Thread(target=sampler)
    watcher.start()
    started = time.monotonic()
    time.sleep(seconds)
    stop.set()
    for thread in [*threads, watcher]:
        thread.join()
    result["elapsed"] = time.monotonic() - started
    return result


@dataclass
class EditTarget:
    """A kind of record ``--edits`` races on: its edit form (``edit``), or an inline edit
    opened on ``page`` (htmx), and text fields of it that no rule ties to another field."""

    name: str
    title: str
    label: str
    model: type
    edit: str
    fields: tuple[str, ...]
    rows: list[int]
    page: str = ""
    page_of: dict = field(default_factory=dict)

    def saved(self, status, body: str, path: str) -> bool:
        if not self.page:
            return status == 302  # the edit page redirects after a save
        # The inline edit answers with the row as read again, no longer a form.
        return status == 200 and f'data-hx-post="{path}"' not in body


def _edit_targets(organisation) -> list[EditTarget]:
    """The pair edit page and the plan activity's inline edit, on the organisation's working
    pairs. Called inside the command's ``scopes_disabled()``."""
    from pairs.models import Pair, PlanActivity

    pairs = list(
        Pair.objects.filter(organisation=organisation, status=Pair.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)[:8]
    )
    activities = dict(
        PlanActivity.objects.filter(organisation=organisation, plan__pair__in=pairs)
        .order_by("pk")
        .values_list("pk", "plan_id")[:8]
    )
    return [
        EditTarget(
            name="pair",
            title="Пары (страница правки)",
            label="пара",
            model=Pair,
            edit="pairs:edit",
            fields=("compatibility_note", "appointment_order", "title"),
            rows=pairs,
        ),
        EditTarget(
            name="activity",
            title="Мероприятия планов (правка в строке)",
            label="мероприятие",
            model=PlanActivity,
            edit="pairs:activity_edit",
            fields=("title", "expected_result"),
            rows=list(activities),
            page="pairs:plan",
            page_of=activities,
        ),
    ]


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
