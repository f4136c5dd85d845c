"""Browser tests: Playwright drives Debian's Chromium against a live server.

Never run ``playwright install``: the browser comes from the ``chromium`` Debian package.
Screenshots go to ``test-artifacts/`` (kept by CI as artefacts, ignored by git)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls from
# test code are safe here because the test thread does not share connections with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if settings.REQUIRE_SERVICES:
            pytest.fail("Chromium is required (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def screenshot(page, request):
    """``screenshot("step")`` saves test-artifacts/<test>-<step>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(step: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    """Log in through the real login form, as a person would."""

    def log_in(username: str, password: str = settings.DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Логин или e-mail").fill(username)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state("networkidle")

    return log_in


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Every browser test also proves the page runs under the CSP (no inline scripts)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert not violations, violations
