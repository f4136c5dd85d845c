"""Rating scales of the effectiveness criteria (Kedrovy's order No. 76, «Шкала оценки») and the pure
functions that turn a measured value into a band and a score.

Scores run from 0 to 3 so that an overall level can be expressed as a percentage of the
maximum and put through the same four bands as the percentage indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class Scale(models.TextChoices):
    PRESENCE = "presence", "имеется / отсутствует"
    AVAILABILITY = (
        "availability",
        "имеется, доступно / имеется, недоступно / не имеется, недоступно",
    )
    EFFECTIVENESS = "effectiveness", "имеется, эффективна / имеется, неэффективна / не имеется"
    PERCENT = "percent", "100–80 % / 79–60 % / 59–40 % / 39 % и ниже"
    COUNT = "count", "количество участий, публикаций, выступлений"
    PERIODICITY = "periodicity", "наличие, периодичность"
    PARTICIPATION = "participation", "участие / неучастие"
    DYNAMICS = "dynamics", "положительная / стабильная / отрицательная динамика"


# Verbal answers of each scale with their score, best first (wording of Kedrovy's order No. 76).
SCALE_OPTIONS: dict[str, list[tuple[str, str, int]]] = {
    Scale.PRESENCE: [("present", "Имеется", 3), ("absent", "Отсутствует", 0)],
    Scale.AVAILABILITY: [
        ("available", "Имеется, доступно", 3),
        ("unavailable", "Имеется, недоступно", 1),
        ("absent", "Не имеется, недоступно", 0),
    ],
    Scale.EFFECTIVENESS: [
        ("effective", "Имеется, эффективна", 3),
        ("ineffective", "Имеется, неэффективна", 1),
        ("absent", "Не имеется", 0),
    ],
    Scale.PERIODICITY: [
        ("regular", "Имеется, ежегодно", 3),
        ("once", "Имеется, эпизодически", 2),
        ("absent", "Отсутствует", 0),
    ],
    Scale.PARTICIPATION: [("yes", "Участие", 3), ("no", "Неучастие", 0)],
    Scale.DYNAMICS: [
        ("positive", "Положительная динамика", 3),
        ("stable", "Стабильная динамика", 2),
        ("negative", "Отрицательная динамика", 0),
    ],
}

NUMERIC_SCALES = {Scale.PERCENT, Scale.COUNT}
MAX_SCORE = 3


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    score: int
    colour: str  # Bootstrap contextual class for the municipal table

    @property
    def level(self) -> str:
        return LEVEL_LABELS[self.code]


BANDS = [
    Band("high", "100–80 %", 3, "success"),
    Band("sufficient", "79–60 %", 2, "info"),
    Band("low", "59–40 %", 1, "warning"),
    Band("critical", "39 % и ниже", 0, "danger"),
]
BAND_BY_CODE = {b.code: b for b in BANDS}

# Overall level of an organisation: the mean score as a percentage, in the same four bands.
LEVEL_LABELS = {
    "high": "высокий",
    "sufficient": "достаточный",
    "low": "низкий",
    "critical": "критический",
}


def round_percent(value) -> int:
    """Whole percent, halves rounded up: 79.5 % counts as 80 %, 79.49 % as 79 %.

    The seed's bands are written in whole percent (100–80, 79–60, …) and leave gaps between
    79 and 80; rounding to a whole percent first closes them the way a person reading a
    table of whole numbers would.
    """
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent_band(value) -> Band:
    """The band of a percentage (0–100; above 100 counts as the top band)."""
    percent = round_percent(value)
    if percent < 0:
        raise ValueError("Процент не может быть отрицательным.")
    if percent >= 80:
        return BANDS[0]
    if percent >= 60:
        return BANDS[1]
    if percent >= 40:
        return BANDS[2]
    return BANDS[3]


def ratio_percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator in percent, two decimals; None when there is nothing to divide."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))


def count_score(count: int) -> int:
    """Counts (talks, publications, trained mentors): two or more a year is the full score,
    one is a partial score, none is zero."""
    if count >= 2:
        return 3
    if count == 1:
        return 2
    return 0


def option_score(scale: str, option: str) -> int | None:
    for code, _label, score in SCALE_OPTIONS.get(scale, []):
        if code == option:
            return score
    return None


def option_label(scale: str, option: str) -> str:
    for code, label, _score in SCALE_OPTIONS.get(scale, []):
        if code == option:
            return label
    return ""


def score_band(score: int) -> Band:
    return next(b for b in BANDS if b.score == score)


def overall_band(scores: list[int]) -> Band | None:
    """The overall level: mean score as a share of the maximum, in the percentage bands."""
    if not scores:
        return None
    return percent_band(Decimal(sum(scores)) * 100 / (MAX_SCORE * len(scores)))
