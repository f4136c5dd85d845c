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
