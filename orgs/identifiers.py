"""Identifiers a regional information system already holds for the same rows, so it can
match ours to its own without guessing by name: ИНН, КПП and ОГРН of an organisation, ОКТМО
of a municipality, the табельный номер of a staff member in their organisation.

Each is checked as the tax service and Rosstat define it (the ИНН and ОГРН control digits),
with a Russian message; ``PATTERNS`` is what the API schema shows for each."""

import re

from django.core.exceptions import ValidationError

PATTERNS = {
    "inn": r"^[0-9]{10}$",
    "kpp": r"^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$",
    "ogrn": r"^[0-9]{13}$",
    "oktmo": r"^([0-9]{8}|[0-9]{11})$",
    "personnel_number": r"^[0-9A-Za-zА-Яа-яЁё/-]{1,20}$",
}
INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def _digits(value: str, lengths: tuple[int, ...], what: str) -> None:
    if not (value.isascii() and value.isdigit() and len(value) in lengths):
        counts = " или ".join(str(n) for n in lengths)
        raise ValidationError(f"{what}: {counts} цифр.", code="format")


def validate_inn(value: str) -> None:
    """ИНН of a legal entity: ten digits, the last one a control digit."""
    _digits(value, (10,), "ИНН организации")
    control = sum(w * int(d) for w, d in zip(INN_WEIGHTS, value, strict=False)) % 11 % 10
    if control != int(value[9]):
        raise ValidationError("ИНН с ошибкой: не сходится контрольная цифра.", code="control")


def validate_kpp(value: str) -> None:
    if not re.fullmatch(PATTERNS["kpp"].strip("^$"), value):
        raise ValidationError(
            "КПП: девять знаков — четыре цифры, две цифры или латинские буквы, три цифры.",
            code="format",
        )


def validate_ogrn(value: str) -> None:
    """ОГРН: thirteen digits, the last the remainder of the first twelve by 11 (its last digit)."""
    _digits(value, (13,), "ОГРН")
    if int(value[:12]) % 11 % 10 != int(value[12]):
        raise ValidationError("ОГРН с ошибкой: не сходится контрольная цифра.", code="control")


def validate_oktmo(value: str) -> None:
    _digits(value, (8, 11), "Код ОКТМО")


def validate_personnel_number(value: str) -> None:
    if not re.fullmatch(PATTERNS["personnel_number"].strip("^$"), value):
        raise ValidationError(
            "Табельный номер: до 20 знаков — цифры, буквы, «-» и «/».", code="format"
        )
