"""What the whole site carries: an icon, and a development server that stays on this
machine as the README says."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse


def test_the_favicon_exists_and_every_page_links_it(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert finders.find("favicon.svg")
    page = Client().get(reverse("login")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', page)


def test_make_run_listens_on_localhost_as_the_readme_says():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    host = re.search(r"^HOST \?= (\S+)", makefile, re.M).group(1)
    assert host == "127.0.0.1"
    assert f"http://{host}:8000/" in readme
