from decimal import Decimal

import pytest

from monitoring.effectiveness.scales import (
    count_score,
    option_score,
    overall_band,
    percent_band,
    ratio_percent,
)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (100, "100–80 %"),
        (80, "100–80 %"),
        (79, "79–60 %"),
        (60, "79–60 %"),
        (59, "59–40 %"),
        (40, "59–40 %"),
        (39, "39 % и ниже"),
        (0, "39 % и ниже"),
        # Whole percent, halves up: the gaps between 79 and 80 etc. are closed by rounding.
        (Decimal("79.5"), "100–80 %"),
        (Decimal("79.49"), "79–60 %"),
        (59.5, "79–60 %"),
        (39.5, "59–40 %"),
        (39.49, "39 % и ниже"),
    ],
)
def test_percent_band_edges(value, band):
    assert percent_band(value).label == band


def test_a_negative_percentage_is_refused():
    with pytest.raises(ValueError):
        percent_band(-1)


def test_ratio_has_no_value_when_nothing_to_divide():
    assert ratio_percent(3, 0) is None
    assert ratio_percent(4, 5) == Decimal("80.00")


def test_scores_of_verbal_scales_and_counts():
    assert option_score("availability", "available") == 3
    assert option_score("dynamics", "negative") == 0
    assert count_score(0) == 0 and count_score(1) == 2 and count_score(5) == 3


def test_overall_level_is_the_mean_score_in_the_same_bands():
    assert overall_band([3, 3, 3, 2]).label == "100–80 %"  # 91.7 %
    assert overall_band([3, 0]).label == "59–40 %"  # 50 %
    assert overall_band([]) is None
