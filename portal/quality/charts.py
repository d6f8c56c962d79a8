"""Server-rendered bar charts: the geometry of each bar, for an SVG that
needs no JavaScript. Every chart is drawn beside a table of the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent, gettext

from .figures import Cell

# Each bar has its label on a line of its own above it, so no label is cut off.
ROW_HEIGHT = 46
BAR_WIDTH = 460
VALUE_WIDTH = 140
WIDTH = BAR_WIDTH + VALUE_WIDTH


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as the table shows it
    y: int
    width: int  # 0 for a suppressed or empty value


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    track_width: int = BAR_WIDTH
    bar_height: int = 18


def cell_text(cell: Cell | None, *, percent: bool = False) -> str:
    """A figure as the page shows it: "færre end 5" for a group too small to publish."""
    if cell is None or cell.value is None:
        return gettext("færre end 5") if cell is not None and cell.suppressed else "–"
    if percent:
        return format_percent(cell.value, "#,##0 %")
    return format_decimal(cell.value)


def bar_chart(chart_id: str, title: str, desc: str, items: list[tuple[str, Cell]], *, percent: bool) -> Chart:
    """Horizontal bars, one per item; shares against 100 %, counts against the largest.
    Items that are 0 stay in the table but get no bar."""
    items = [(label, cell) for label, cell in items if cell.value != 0]
    values = [cell.value for _, cell in items if cell.value is not None]
    top = 1.0 if percent else float(max(values, default=0) or 1)
    bars = [
        Bar(label, cell_text(cell, percent=percent), index * ROW_HEIGHT,
            round(BAR_WIDTH * (cell.value or 0) / top) if cell.value is not None else 0)
        for index, (label, cell) in enumerate(items)
    ]
    return Chart(chart_id, title, desc, bars, max(len(bars), 1) * ROW_HEIGHT)
