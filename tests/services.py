"""Real PostgreSQL, Redis and Celery workers for the tests that need them.

Locally, without DATABASE_URL/REDIS_URL, such tests skip; with REQUIRE_SERVICES=1 (CI) an
unreachable service fails them instead."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from mentorship.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def require_services(reason: str) -> None:
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1: this test must run on the real services)")
    pytest.skip(reason)


def require_postgresql_and_redis() -> None:
    if connection.vendor != "postgresql":
        require_services("PostgreSQL is not configured (DATABASE_URL)")
    if not settings.REDIS_URL:
        require_services("Redis is not configured (REDIS_URL)")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require_services(f"Redis is unreachable: {error}")


def database_url_of_test_database() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@contextmanager
def celery_worker(*, queue: str = "", pool: str = "solo", broker_url: str = "", **extra_env: str):
    """Start a real worker process on a private queue, pointed at the test database.

    Tasks sent by this process go to that queue while the worker runs, so parallel test
    runs on one Redis never take each other's tasks. ``queue``: the queue of a worker that
    died, for the one that replaces it. ``pool="prefork"``: one pool process under a main
    process (``pool_processes`` finds it). ``broker_url``: a Redis of the test's own instead
    of REDIS_URL. The worker leads a process group of its own, so a test can kill it whole."""
    if broker_url:
        if connection.vendor != "postgresql":
            require_services("PostgreSQL is not configured (DATABASE_URL)")
    else:
        require_postgresql_and_redis()
    queue = queue or f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_database(),
        "REDIS_URL": broker_url or settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "SECRET_KEY": "worker-under-test-" + "x" * 40,
        "DEBUG": "off",
        "ENV_FILE": "/dev/null",
        **extra_env,
    }
    pool_options = ["--pool=solo"] if pool == "solo" else [f"--pool={pool}", "--concurrency=1"]
    log = open(ROOT / f".pytest-worker-{queue}-{uuid.uuid4().hex[:6]}.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentorship",
            "worker",
            *pool_options,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        _wait_until_ready(log, process)
        process.queue = queue
        yield process
    finally:
        celery_app.conf.task_default_queue = previous_queue
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()
        print(Path(log.name).read_text()[-3000:])  # shown by pytest when the test fails
        Path(log.name).unlink(missing_ok=True)


@contextmanager
def celery_beat(*, queue: str, broker_url: str, directory: Path, **extra_env: str):
    """Start a real ``celery beat`` process that sends the project's schedule to ``queue``
    (a worker's of ``celery_worker``) through ``broker_url``; its schedule file lives in
    ``directory``. Shorten a period with its setting, e.g. ``JOB_SWEEP_SECONDS="1"``."""
    directory.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_database(),
        "REDIS_URL": broker_url,
        "CELERY_QUEUE": queue,
        "SECRET_KEY": "beat-under-test-" + "x" * 40,
        "DEBUG": "off",
        "ENV_FILE": "/dev/null",
        **extra_env,
    }
    log = open(directory / "beat.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentorship",
            "beat",
            "--schedule",
            str(directory / "schedule"),
            "--pidfile=",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: "beat: Starting" in _read(log) or process.poll() is not None, 60)
        if process.poll() is not None:
            raise RuntimeError(f"celery beat exited early:\n{_read(log)}")
        process.log = lambda: _read(log)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        print(_read(log)[-3000:])  # shown by pytest when the test fails
        log.close()


def _read(log) -> str:
    log.seek(0)
    return log.read()


def kill_whole_worker(process) -> None:
    """SIGKILL to the worker and every process it started, as when its machine or container
    dies: nothing runs a shutdown handler."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def pool_processes(process) -> list[int]:
    """The pool processes of a prefork worker (its children)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free port, with an append-only file as the
    broker of docker-compose has, so it can be stopped and started again without touching
    the machine's shared Redis."""

    def __init__(self, directory: Path):
        if shutil.which("redis-server") is None:
            require_services("redis-server is not installed")
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        wait_for(lambda: _pings(client), timeout=10, interval=0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


@contextmanager
def redis_server(directory: Path):
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def broker_at(url: str):
    """This process sends its tasks to ``url`` (real sends, not in-process) until the end."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager

    def switch(to: str) -> None:
        conf.broker_url = to
        # The app keeps its pools of the previous broker (not app.close(): that also takes
        # the app out of Celery's registry of apps that receive new tasks).
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(url)
    conf.task_always_eager = False
    try:
        yield
    finally:
        switch(previous[0])
        conf.task_always_eager = previous[1]


def _wait_until_ready(log, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(0)
        output = log.read()
        if "ready." in output:
            return
        if process.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{output}")
        time.sleep(0.2)
    raise RuntimeError("Celery worker did not become ready in time")


def wait_for(condition, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


@contextmanager
def gunicorn_server(workers: int = 1):
    """The portal under gunicorn, as in production (persistent database connections), on a
    free port, pointed at the test database. Yields its base URL."""
    if connection.vendor != "postgresql":
        require_services("PostgreSQL is not configured (DATABASE_URL)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_database(),
        "SECRET_KEY": settings.SECRET_KEY,  # sessions made by the test are valid there
        # DEBUG on only so that static files need no collectstatic; connections behave as
        # in production (CONN_MAX_AGE with health checks).
        "DEBUG": "on",
        "ENV_FILE": "/dev/null",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mentorship.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url) or process.poll() is not None, timeout=60)
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{process.stderr.read().decode()}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _answers(url: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1):
            return True
    except OSError:
        return False
