"""Registers of documents (журналы регистрации): each kind of paper an issuer numbers has its
own register and its own number format, e.g. orders «76-од», protocols «3», agreements
«ДС-12». A format is text with ``{номер}`` (the sequence number) and optionally ``{год}``;
nothing else in it is interpreted."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

NUMBER = "{номер}"
YEAR = "{год}"
# The longest number a register prints (Document.number holds 30 characters).
MAX_NUMBER_LENGTH = 30
# Room left in a format for the sequence number itself.
SEQUENCE_DIGITS = 5


class Register(models.TextChoices):
    ORDERS = "orders", "Приказы"
    PROTOCOLS = "protocols", "Протоколы педагогического совета"
    AGREEMENTS = "agreements", "Дополнительные соглашения"
    CONSENTS = "consents", "Согласия наставников"
    CERTIFICATES = "certificates", "Благодарности"
    PROGRAMMES = "programmes", "Персонализированные программы"
    REPORTS = "reports", "Аналитические справки"


DEFAULT_FORMAT = NUMBER


def validate_format(pattern: str) -> None:
    """One ``{номер}``, at most one ``{год}``, no other braces, short enough to print."""
    if pattern.count(NUMBER) != 1:
        raise ValidationError(
            f"Формат должен содержать {NUMBER} ровно один раз, например «{NUMBER}-од»."
        )
    if pattern.count(YEAR) > 1:
        raise ValidationError(f"{YEAR} может встречаться в формате один раз.")
    rest = pattern.replace(NUMBER, "").replace(YEAR, "")
    if "{" in rest or "}" in rest:
        raise ValidationError(
            f"В формате понятны только {NUMBER} и {YEAR}; других фигурных скобок быть не должно."
        )
    if len(render(pattern, sequence=10**SEQUENCE_DIGITS - 1, year=2000)) > MAX_NUMBER_LENGTH:
        raise ValidationError(f"Номер по такому формату длиннее {MAX_NUMBER_LENGTH} знаков.")


def render(pattern: str, *, sequence: int, year: int) -> str:
    return (pattern or DEFAULT_FORMAT).replace(YEAR, str(year)).replace(NUMBER, str(sequence))


def _matcher(pattern: str, year: int) -> re.Pattern:
    literal = re.escape(pattern or DEFAULT_FORMAT).replace(re.escape(YEAR), str(year))
    return re.compile("^" + literal.replace(re.escape(NUMBER), r"(\d+)") + "$")


def sequence_of(number: str, *, pattern: str, year: int) -> int | None:
    """The sequence number inside ``number``: by the format, or (a number typed by hand or
    in an earlier format) its first run of digits, so the register never proposes a number
    below one already taken."""
    match = _matcher(pattern, year).match(number.strip())
    if match:
        return int(match[1])
    digits = re.search(r"\d+", number)
    return int(digits[0]) if digits else None


def next_number(taken: list[str], *, pattern: str, year: int) -> str:
    highest = max(
        (s for n in taken if (s := sequence_of(n, pattern=pattern, year=year)) is not None),
        default=0,
    )
    return render(pattern, sequence=highest + 1, year=year)


def register_examples(formats: dict[str, str]) -> list[tuple[str, str, str]]:
    """(register, format, how its 76th number this year prints) for the requisites page."""
    year = timezone.localdate().year
    return [
        (label, formats[register], render(formats[register], sequence=76, year=year))
        for register, label in Register.choices
    ]
