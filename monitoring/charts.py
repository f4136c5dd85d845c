"""Charts drawn on the server as SVG: the same picture on a dashboard page (inline, no
script, so the Content Security Policy stays strict) and in a PDF report (WeasyPrint draws
SVG). Pure functions: data in, markup out; every label is escaped here.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Bootstrap's palette, readable in colour and distinguishable in greyscale print.
COLOURS = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997", "#6c757d"]
FONT = "font-family=\"'Liberation Sans', Arial, sans-serif\""


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - built here from escaped labels and numbers only
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT} '
        f'font-size="12" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(
    title: str,
    labels: list[str],
    values: list[float | None],
    *,
    unit: str = "%",
    maximum: float | None = None,
    width: int = 640,
) -> SafeString:
    """Horizontal bars, one per label (long Cyrillic names read better across)."""
    label_width, row, top = int(width * 0.42), 22, 30
    scale_to = maximum or max([v for v in values if v is not None] or [1]) or 1
    bar_space = width - label_width - 60
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        body.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(_clip(label, label_width // 7))}</text>"
        )
        if value is None:
            body.append(f'<text x="{label_width}" y="{y + 14}" fill="#6c757d">нет данных</text>')
            continue
        length = max(0.0, bar_space * value / scale_to)
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 14}">{_number(value)}'
            f"{escape(unit)}</text>"
        )
    return _svg(width, top + row * max(len(labels), 1) + 8, title, body)


def stacked_bar_chart(
    title: str,
    labels: list[str],
    series: dict[str, list[int]],
    *,
    colours: list[str] | None = None,
    width: int = 640,
) -> SafeString:
    """Horizontal stacked bars of counts (e.g. young specialists with and without mentors).
    ``colours`` gives one colour per series where they carry meaning (bands from good to bad)."""
    colours = colours or COLOURS
    label_width, row, top = int(width * 0.42), 22, 48
    totals = [sum(values) for values in zip(*series.values(), strict=True)] or [0]
    scale_to = max(totals) or 1
    bar_space = width - label_width - 40
    body = _legend(list(series), y=30, colours=colours)
    for i, label in enumerate(labels):
        y = top + i * row
        body.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(_clip(label, label_width // 7))}</text>"
        )
        x = float(label_width)
        for colour, values in zip(colours, series.values(), strict=False):
            length = bar_space * values[i] / scale_to
            if values[i]:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
                    f'fill="{colour}"><title>{values[i]}</title></rect>'
                )
            x += length
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14}">{totals[i]}</text>')
    return _svg(width, top + row * max(len(labels), 1) + 8, title, body)


def grouped_bar_chart(
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    *,
    unit: str = "%",
    maximum: float = 100,
    width: int = 640,
) -> SafeString:
    """Horizontal bars side by side for each label (e.g. one diagnostics before and after)."""
    label_width, bar, top = int(width * 0.42), 14, 48
    row = bar * len(series) + 8
    bar_space = width - label_width - 60
    body = _legend(list(series), y=30)
    for i, label in enumerate(labels):
        y = top + i * row
        body.append(
            f'<text x="{label_width - 6}" y="{y + row // 2 + 4}" text-anchor="end">'
            f"{escape(_clip(label, label_width // 7))}</text>"
        )
        for j, (colour, values) in enumerate(zip(COLOURS, series.values(), strict=False)):
            value, bar_y = values[i], y + j * bar
            if value is None:
                continue
            length = max(0.0, bar_space * min(value, maximum) / maximum)
            body.append(
                f'<rect x="{label_width}" y="{bar_y + 1}" width="{length:.1f}" '
                f'height="{bar - 2}" fill="{colour}"/>'
                f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar - 3}" font-size="10">'
                f"{_number(value)}{escape(unit)}</text>"
            )
    return _svg(width, top + row * max(len(labels), 1) + 8, title, body)


def line_chart(
    title: str,
    x_labels: list[str],
    series: dict[str, list[float | None]],
    *,
    unit: str = "%",
    maximum: float = 100,
    colours: list[str] | None = None,
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Lines over time (e.g. retention by hiring year); gaps where a value is missing."""
    colours = colours or COLOURS
    left, right, top, bottom = 44, 16, 48, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    body = _legend(list(series), y=30, colours=colours)
    for tick in range(0, 5):
        value = maximum * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#dee2e6"/><text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_number(value)}{escape(unit)}</text>"
        )
    step = plot_w / max(len(x_labels) - 1, 1)
    for i, label in enumerate(x_labels):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for colour, (name, values) in zip(colours, series.items(), strict=False):
        # A missing value breaks the line: joining its neighbours would invent a trend.
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(
                    (left + i * step, top + plot_h - plot_h * min(v, maximum) / maximum)
                )
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        body += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
            f"<title>{escape(name)}</title></circle>"
            for run in runs
            for x, y in run
        ]
    return _svg(width, height, title, body)


def _legend(names: list[str], *, y: int, colours: list[str] = COLOURS) -> list[str]:
    body, x = [], 0
    for colour, name in zip(colours, names, strict=False):
        body.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return body


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
