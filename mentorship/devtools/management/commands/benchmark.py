"""One table of the portal's speed on the data in the database: per page the
queries per request and the server time (p50, p95) measured by a live gunicorn with
BENCHMARK=1, its ratio to a trivial view measured in the same run, throughput under
concurrency, and any sequential scan of a large table in the pages' query plans."""

from __future__ import annotations

import json
import statistics
import threading
import time
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, F, Min
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorship.devtools.loadtools import Gunicorn, admin, get, member
from monitoring.models import OrganisationSummary
from monitoring.overviews import overdue_since
from monitoring.services import overview_summaries_refresh_all
from orgs.models import Membership, Municipality, Organisation, Role, StaffMember, User
from orgs.schoolyear import SchoolYear
from orgs.tenancy import scopes_disabled

BIG_TABLE_ROWS = 10_000


class Command(BaseCommand):
    help = (
        "Замеряет скорость страниц на живом gunicorn (PostgreSQL): запросы к БД, p50/p95 "
        "времени сервера, отношение к тривиальной странице, пропускную способность и "
        "последовательные сканирования больших таблиц."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="запросов на страницу")
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=5.0, help="длительность прогона")
        parser.add_argument("--workers", type=int, default=3, help="воркеров gunicorn")

    def handle(self, *args, requests, concurrency, seconds, workers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Бенчмарк меряет PostgreSQL: задайте DATABASE_URL.")
        with scopes_disabled():
            users, pages, organisation = self._setup()
            self._summaries_as_a_beat_keeps_them()
        touch = partial(_touch, organisation.pk)
        with Gunicorn(workers) as base:
            rows = []
            trivial = _measure(base, "/ping/", None, requests * 3)
            rows.append(("Тривиальная страница (/ping/)", trivial))
            # The same view for a logged-in curator: what every page pays before its own
            # work (session, user, its memberships from the cache, tenant scope, middleware).
            floor = _measure(base, "/ping/", users["curator"], requests * 3)
            rows.append(("  она же, вход выполнен (куратор)", floor))
            for title, path, user in pages:
                rows.append((title, _measure(base, path, users[user], requests)))
            self._table(rows, trivial)
            # The same pages right after a write in the school: they render afresh.
            self.stdout.write("\nПервый показ после записи в школе (страница строится заново):")
            rows = [
                (title, _measure(base, path, users[user], requests, before=touch))
                for title, path, user in pages
                if (user == "curator" and not path.startswith("/api/"))
                or title == "Обзор муниципалитета"
            ]
            self._table(rows, trivial)
            self._pdf()
            self._throughput(base, users, pages, trivial, concurrency, seconds)
        self._explain(users, pages, touch)
        with scopes_disabled():
            self._queries_by_size(users)

    def _summaries_as_a_beat_keeps_them(self):
        """In production a beat keeps the region's and the country's summaries within their
        promise; past it the overviews count live (right, but not what they cost with a beat:
        seconds for the country). Refresh them as the beat would, and say so."""
        year = SchoolYear.containing(timezone.localdate())
        oldest = OrganisationSummary.objects.filter(school_year=year.start_year).aggregate(
            at=Min("refreshed_at")
        )["at"]
        if oldest is not None and not overdue_since(oldest, year):
            return
        started = time.monotonic()
        overview_summaries_refresh_all()
        self.stdout.write(
            "Сводки обзоров старше обещанного: обновлены, как это сделал бы Celery beat "
            f"({time.monotonic() - started:.0f} с).\n"
        )

    def _setup(self):
        """Benchmark users with the right roles, in the first place of each level."""
        from pairs.models import Pair

        # The busiest place of the first region: the organisation with the most pairs.
        busiest = Pair.objects.values("organisation").annotate(n=Count("pk")).order_by("-n").first()
        organisation = (
            Organisation.objects.filter(pk=busiest["organisation"] if busiest else None).first()
            or Organisation.objects.order_by("pk").first()
        )
        if organisation is None:
            raise CommandError("Данных нет: сначала manage.py generate_scale_data.")
        municipality = Municipality.objects.get(pk=organisation.municipality_id)
        users = {
            "curator": member("bench-curator", Role.CURATOR, organisation=organisation),
            "methodist": member("bench-methodist", Role.METHODIST, municipality=municipality),
            "coordinator": member(
                "bench-coordinator", Role.REGION_COORDINATOR, region=municipality.region
            ),
            "admin": admin(),
        }
        o, m, r = organisation.pk, municipality.pk, municipality.region_id
        pages = [
            *curator_pages(organisation, "curator"),
            (
                "Обзор муниципалитета",
                reverse("monitoring:municipality_overview", args=[m]),
                "methodist",
            ),
            ("Обзор региона", reverse("monitoring:region_overview", args=[r]), "coordinator"),
            ("Обзор страны", reverse("monitoring:country_overview"), "admin"),
            ("API: пары", f"/api/v1/pairs/?organisation={o}", "curator"),
            ("API: муниципалитет", f"/api/v1/dashboards/municipality/{m}/", "methodist"),
            (
                "XLSX муниципалитета",
                reverse("monitoring:municipality_overview", args=[m]) + "?export=xlsx",
                "methodist",
            ),
        ]
        return users, [p for p in pages if p[1]], organisation

    # The in-process client calls itself 127.0.0.1, whatever the deployment's hosts are.
    @override_settings(ALLOWED_HOSTS=["127.0.0.1"])
    def _queries_by_size(self, users):
        """The curator pages' query counts for the busiest organisation and for the quietest
        one with a pair: equal, whatever the size of the data behind them."""
        from pairs.models import Pair

        quietest = Pair.objects.values("organisation").annotate(n=Count("pk")).order_by("n").first()
        small = Organisation.objects.get(pk=quietest["organisation"])
        member("bench-curator-small", Role.CURATOR, organisation=small)
        big = Organisation.objects.get(
            pk=Membership.objects.filter(user__username="bench-curator").values("organisation")[:1]
        )
        self.stdout.write(
            "\nЗапросов на страницу куратора, после записи / повторно: крупная ОО | малая ОО"
        )
        sizes = []
        for organisation, username in ((big, "bench-curator"), (small, "bench-curator-small")):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=username))
            counts = []
            for _, path, _ in curator_pages(organisation, username):
                client.get(path)
                _touch(organisation.pk)  # the page rendered afresh, then from the cache
                with CaptureQueriesContext(connection) as fresh:
                    client.get(path)
                with CaptureQueriesContext(connection) as cached:
                    client.get(path)
                counts.append(f"{len(fresh)} / {len(cached)}")
            sizes.append((StaffMember.objects.filter(organisation=organisation).count(), counts))
        for (title, _, _), large, little in zip(
            curator_pages(big, ""), sizes[0][1], sizes[1][1], strict=True
        ):
            self.stdout.write(f"  {title:34}{large:>8} | {little}")
        self.stdout.write(f"  (педагогов: {sizes[0][0]} | {sizes[1][0]})")

    def _table(self, rows, trivial):
        self.stdout.write(
            f"{'Страница':34} {'запросов':>8} {'p50, мс':>8} {'p95, мс':>8} {'p50/тривиальная':>16}"
        )
        for title, m in rows:
            self.stdout.write(
                f"{title:34} {m['queries']:>8} {m['p50']:>8.1f} {m['p95']:>8.1f} "
                f"{m['p50'] / trivial['p50']:>16.1f}"
            )

    def _pdf(self):
        from documents import rendering
        from documents.management.commands.benchmark_documents import pairs_snapshot

        template = "documents/print/order.html"
        rendering.render_pdf(template, pairs_snapshot(1))
        started = time.perf_counter()
        rendering.render_pdf(template, pairs_snapshot(30))
        rendering.render_docx(template, pairs_snapshot(30))
        self.stdout.write(
            f"{'Приказ о парах, 30 пар (PDF+DOCX)':34} {'':>8} "
            f"{(time.perf_counter() - started) * 1000:>8.0f} (в прогретом процессе)"
        )

    def _throughput(self, base, users, pages, trivial, concurrency, seconds):
        curator = [p for p in pages if p[2] == "curator" and not p[1].startswith("/api/")][:3]
        municipal = [p for p in pages if p[0] == "Обзор муниципалитета"]
        ping = _throughput(base, [("/ping/", None)], concurrency, seconds)
        self.stdout.write(f"\nПропускная способность, {concurrency} параллельных клиентов:")
        self.stdout.write(f"  тривиальная страница: {ping:.0f} запр/с")
        for title, targets in (
            ("она же, вход выполнен", [("/ping/", users["curator"])]),
            ("страницы куратора", [(p[1], users[p[2]]) for p in curator]),
            ("обзор муниципалитета", [(p[1], users[p[2]]) for p in municipal]),
        ):
            rate = _throughput(base, targets, concurrency, seconds)
            self.stdout.write(
                f"  {title}: {rate:.0f} запр/с ({rate / ping * 100:.0f} % тривиальной)"
            )

    # The in-process client calls itself 127.0.0.1, whatever the deployment's hosts are.
    @override_settings(ALLOWED_HOSTS=["127.0.0.1"])
    def _explain(self, users, pages, touch):
        """Run each page in-process, EXPLAIN ANALYZE its SELECTs: PostgreSQL's own time for
        the page's queries (planning and execution, without the round trips), and any
        sequential scan of a table with more than BIG_TABLE_ROWS rows."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
                [BIG_TABLE_ROWS],
            )
            big = {name for name, _ in cursor.fetchall()}
        found = []
        self.stdout.write("\nВремя PostgreSQL на запросы страницы (EXPLAIN ANALYZE), мс:")
        for title, path, user in pages:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=users[user]["username"]))
            client.get(path)  # warm: the readings cached for every page
            touch()  # and the page rendered afresh, with every query it needs
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            spent = 0.0
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                plan = plan if isinstance(plan, list) else json.loads(plan)
                spent += sum(p["Planning Time"] + p["Execution Time"] for p in plan)
                for relation in _seq_scans(plan):
                    if relation in big:
                        found.append((title, relation))
            self.stdout.write(f"  {title:<36}{spent:>8.1f}")
        self.stdout.write("\nПоследовательные сканирования больших таблиц (> 10 000 строк):")
        for title, relation in sorted(set(found)):
            self.stdout.write(f"  {title}: {relation}")
        if not found:
            self.stdout.write("  нет")


def curator_pages(organisation, user: str) -> list[tuple[str, str, str]]:
    """(title, path, user) of the pages a curator of ``organisation`` works in."""
    o = organisation.pk
    plan = organisation_plan(organisation)
    pages = [
        ("Список пар куратора", reverse("pairs:list", args=[o]), user),
        ("Страница плана", reverse("pairs:plan", args=[plan]) if plan else None, user),
        ("Список педагогов", reverse("orgs:staff_list", args=[o]), user),
        ("Показатели школы", reverse("monitoring:school_overview", args=[o]), user),
    ]
    return [p for p in pages if p[1]]


def organisation_plan(organisation):
    from pairs.models import Plan

    return Plan.objects.filter(organisation=organisation).values_list("pk", flat=True).first()


def _touch(organisation_id: int) -> None:
    """What any write in the school does to its cached pages (orgs/data_versions.py)."""
    with scopes_disabled():
        Organisation.objects.filter(pk=organisation_id).update(data_version=F("data_version") + 1)


def _measure(base: str, path: str, user, count: int, before=None) -> dict:
    # Warm-up: imports, templates and connections of every worker (each compiles its own).
    for _ in range(10):
        get(base, path, user)
    times, queries = [], 0
    for _ in range(count):
        if before:
            before()
        status, headers = get(base, path, user)[:2]
        if status != 200:
            raise CommandError(f"{path}: ответ {status}")
        times.append(float(headers["Server-Timing"].split("dur=")[1]))
        queries = int(headers["X-Queries"])
    times.sort()
    return {
        "queries": queries,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
    }


def _throughput(base: str, targets: list, concurrency: int, seconds: float) -> float:
    done = [0] * concurrency
    deadline = time.monotonic() + seconds

    def worker(n):
        i = n
        while time.monotonic() < deadline:
            path, user = targets[i % len(targets)]
            get(base, path, user)
            done[n] += 1
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def _seq_scans(plan) -> list[str]:
    found = []

    def walk(node):
        if node.get("Node Type") == "Seq Scan":
            found.append(node.get("Relation Name"))
        for child in node.get("Plans", []):
            walk(child)

    for item in plan:
        walk(item["Plan"])
    return found
