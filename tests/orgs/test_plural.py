import re
from pathlib import Path

import pytest

from orgs.templatetags.portal import ru_plural


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 педагог"),
        (2, "2 педагога"),
        (5, "5 педагогов"),
        (11, "11 педагогов"),
        (12, "12 педагогов"),
        (21, "21 педагог"),
        (22, "22 педагога"),
        (111, "111 педагогов"),
    ],
)
def test_russian_plurals(n, text):
    assert ru_plural(n, "педагог,педагога,педагогов") == text


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# ``{{ n }} {{ n|ru_plural:... }}``: the filter already prints the number, so it shows twice.
NUMBER_TWICE = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}\s*\{\{\s*\1\s*\|\s*ru_plural")


def test_no_template_prints_a_number_before_its_plural_which_prints_it_again():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in NUMBER_TWICE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
