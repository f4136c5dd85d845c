"""Server-side SVG charts: the markup a dashboard inlines and WeasyPrint draws in a report."""

import xml.etree.ElementTree as ET

from monitoring.charts import bar_chart, grouped_bar_chart, line_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & «Школа № 1» {{ settings.SECRET_KEY }}"


def texts(svg: str) -> list[str]:
    return [element.text or "" for element in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_bar_chart_is_well_formed_svg_with_cyrillic_title_labels_and_values():
    svg = bar_chart("Доля педагогов с затруднениями", ["Предметная", "ИКТ"], [61, 35.5])
    assert svg.startswith("<svg")
    assert texts(svg) == ["Доля педагогов с затруднениями", "Предметная", "61%", "ИКТ", "35,5%"]


def test_a_missing_value_reads_no_data_instead_of_a_zero_bar():
    svg = bar_chart("Закрепляемость", ["СОШ № 1", "СОШ № 2"], [None, 0], unit=" %")
    assert "нет данных" in texts(svg)
    assert "0 %" in texts(svg)


def test_hostile_labels_are_text_not_markup():
    for svg in (
        bar_chart(HOSTILE, [HOSTILE], [1]),
        stacked_bar_chart(HOSTILE, [HOSTILE], {HOSTILE: [1]}),
        line_chart(HOSTILE, [HOSTILE, "2026"], {HOSTILE: [10, 20]}),
    ):
        root = ET.fromstring(svg)  # parses: nothing the labels held became markup
        assert not list(root.iter(f"{SVG}script"))
        assert HOSTILE in texts(svg)


def test_a_stacked_chart_adds_up_each_row_and_takes_colours_per_series():
    svg = stacked_bar_chart(
        "Организации по диапазонам",
        ["К1", "К2"],
        {"100–80 %": [3, 0], "39 % и ниже": [1, 2]},
        colours=["#198754", "#dc3545"],
    )
    assert texts(svg)[-1] == "2"  # К2's total
    assert "4" in texts(svg)  # К1's total
    fills = [r.get("fill") for r in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert fills[:2] == ["#198754", "#dc3545"]  # the legend, in series order


def test_a_line_chart_leaves_a_gap_where_a_year_has_no_value():
    svg = line_chart(
        "Уровень по годам", ["2023", "2024", "2025", "2026"], {"высокий": [20, 40, None, 60]}
    )
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    # 2023–2024 joined; 2026 stands alone rather than joined to 2024 across the gap
    assert len(list(root.iter(f"{SVG}polyline"))) == 1
    assert [t for t in texts(svg) if t.startswith("20")] == ["2023", "2024", "2025", "2026"]


def test_grouped_bars_stand_side_by_side_with_their_values_and_no_data_is_left_blank():
    svg = grouped_bar_chart(
        "До и после", ["Область <1>", "Область 2"], {"До": [40.0, None], "После": [25.5, 10.0]}
    )
    assert svg.count("<rect") == 2 + 3  # the legend's two keys, three bars
    assert "40%" in svg and "25,5%" in svg and "10%" in svg
    assert "Область &lt;1&gt;" in svg
