"""README shows page 1 of every document kind, as ``document_pages`` generated it."""

from pathlib import Path

from django.conf import settings

from documents.management.commands.document_pages import END, FOLDER, START, readme_section
from documents.models import Kind


def test_readme_shows_the_generated_first_page_of_every_kind():
    root = Path(settings.BASE_DIR)
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(START) : readme.index(END) + len(END)]
    # Edited by hand or missing a new kind: run `python manage.py document_pages`.
    assert section == readme_section([str(kind) for kind in Kind])
    for kind in Kind:
        picture = root / FOLDER / f"{kind}.png"
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
