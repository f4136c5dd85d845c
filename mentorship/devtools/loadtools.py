"""What the benchmark and the load run share: the portal under a real gunicorn on this
database, logged-in sessions for chosen roles, and plain HTTP requests to it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from orgs.models import Membership, Municipality, User

ROOT = Path(settings.BASE_DIR)
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def member(username, role, **place) -> dict:
    """A user holding ``role`` at the place, with a logged-in session."""
    user, _ = User.objects.get_or_create(username=username, defaults={"last_name": "Бенчмарк"})
    keys = {"region": None, "municipality": None, "organisation": None, **place}
    if keys["organisation"] is not None:
        keys["municipality"] = Municipality.objects.get(pk=keys["organisation"].municipality_id)
    if keys["municipality"] is not None:
        keys["region"] = keys["municipality"].region
    Membership.objects.get_or_create(user=user, role=role, **keys)
    return session(user)


def admin() -> dict:
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return session(user)


def session(user) -> dict:
    """A logged-in session in the configured store, which the gunicorn workers read."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "username": user.username,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
    }


def get(base: str, path: str, user: dict | None, extra: dict | None = None):
    """GET ``path``; returns (status, headers, body)."""
    headers = {"Cookie": user["cookie"]} if user else {}
    headers.update(extra or {})
    # Always http://127.0.0.1:<port> of the gunicorn started by Gunicorn below.
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(base: str, path: str, user: dict, data: dict) -> int:
    """Open the form like a browser (for its CSRF token), then submit it; the status of the
    submission (302 = saved and redirected)."""
    status, browser = open_form(base, path, user)
    if status != 200:
        return status
    return submit_form(base, path, browser, data)


def open_form(base: str, path: str, user: dict) -> tuple[int, dict]:
    """GET a form like a browser: (status, the session with the form's CSRF token and
    cookie), which may submit this and other forms of the same session."""
    status, headers, body = get(base, path, user)
    if status != 200:
        return status, {}
    token = _CSRF_INPUT.search(body.decode()).group(1)
    cookie = (
        next(
            c.split(";")[0]
            for c in headers.get_all("Set-Cookie") or []
            if c.startswith("csrftoken=")
        )
        if headers.get_all("Set-Cookie")
        else ""
    )
    cookies = "; ".join(c for c in (user["cookie"], cookie) if c)
    return status, {"cookie": cookies, "token": token}


def submit_form(base: str, path: str, browser: dict, data: dict) -> int:
    """POST ``data`` to ``path`` with a session from ``open_form``; 302 = saved."""
    request = urllib.request.Request(  # noqa: S310 - our own server, see get()
        base + path,
        data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": browser["token"]}).encode(),
        headers={"Cookie": browser["cookie"], "Referer": base + path},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _FormReader(HTMLParser):
    """The values a browser would submit with the page's POST form that posts to ``path``
    (not the navigation's logout form)."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.values: dict[str, list[str]] = {}
        self._form = self._done = False
        self._select = self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self._done and a.get("data-hx-post") == self.path:
            self._form = True  # an htmx form (an inline edit) posts without a method
        elif tag == "form" and not self._done and a.get("method", "").lower() == "post":
            self._form = a.get("action") in (None, "", self.path)
        if not self._form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.values.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value") or "")
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None
        elif tag == "form" and self._form:
            self._form, self._done = False, True
        elif tag == "form":
            self._form = False


_HTMX_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _cookies(headers) -> list[str]:
    return [c.split(";")[0] for c in headers.get_all("Set-Cookie") or []]


def edit_form(
    base: str, path: str, user: dict, change: dict, *, inline_on: str = ""
) -> tuple[int, str]:
    """Open an edit form like a browser, change only ``change`` and submit every field as the
    browser would (the others as shown); (status, body) of the submission. ``inline_on``: the
    form is an htmx inline edit opened on that page; it is fetched and posted as htmx does,
    with the page's CSRF token in a header."""
    extra, cookies = {}, []
    if inline_on:
        status, headers, body = get(base, inline_on, user)
        if status != 200:
            return status, ""
        extra = {"HX-Request": "true", "X-CSRFToken": _HTMX_CSRF.search(body.decode()).group(1)}
        cookies = _cookies(headers)
    status, headers, body = get(
        base, path, user, {**extra, "Cookie": "; ".join([user["cookie"], *cookies])}
    )
    if status != 200:
        return status, ""
    reader = _FormReader(path)
    reader.feed(body.decode())
    values = {**reader.values, **{name: [value] for name, value in change.items()}}
    cookies += _cookies(headers)
    request = urllib.request.Request(  # noqa: S310 - our own server, see get()
        base + path,
        data=urllib.parse.urlencode(values, doseq=True).encode(),
        headers={
            "Cookie": "; ".join([user["cookie"], *cookies]),
            "Referer": base + (inline_on or path),
            **extra,
        },
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Gunicorn:
    """The portal under gunicorn on a free port, as in production (DEBUG off, collected
    static files, no development tooling installed), against this database; BENCHMARK=1
    adds X-Queries and Server-Timing."""

    def __init__(self, workers: int):
        self.workers = workers

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        self.static = tempfile.TemporaryDirectory()
        env = {
            **os.environ,
            "BENCHMARK": "1",
            "DEBUG": "off",
            "DEVTOOLS": "off",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": self.static.name,
            "STATIC_COMPRESSION": "off",  # pages are measured, not static file transfer
            "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
            "SECRET_KEY": settings.SECRET_KEY,
        }
        subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "mentorship.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(self.workers),
                "--timeout",
                "120",
                # As in production (Dockerfile): workers are recycled during a long run.
                "--max-requests",
                "1000",
                "--max-requests-jitter",
                "100",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(base, "/ping/", None)[0] == 200:
                    return base
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.3)
        self.process.terminate()
        raise CommandError("gunicorn не запустился")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # Workers finishing their last requests on a busy machine: the figures are in.
            self.process.kill()
            self.process.wait(timeout=30)
        self.static.cleanup()
