"""A load run: many clients at once against a live gunicorn on PostgreSQL, mixing curators'
and methodists' pages with writes (log entries), then checking that every write the portal
acknowledged is stored and that no request failed.

``--edits``: instead, clients edit the same records at once, each client its own field of a
shared record: pairs through their edit page and plan activities through their inline edit
on the plan page (two curators, one changing the note, another the order: the lost update of
a plain save). A save refused as stale is reopened and tried again,
as a person would. At the end every field holds the last value its client saw acknowledged;
any other value is a lost update, and the run fails unless there are none."""

from __future__ import annotations

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
            threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
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
