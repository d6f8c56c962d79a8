"""The bench's table, as plain text."""

from __future__ import annotations

from dataclasses import dataclass

from .load import Result


@dataclass
class Row:
    name: str
    method: str
    path: str
    portal: Result | None = None
    ceiling: Result | None = None
    queries: int | None = None
    size: int | None = None  # body bytes of the portal's answer
    made_ms: float | None = None  # GET: in-process time to make the page afresh (none kept)
    skipped: str | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.portal is None or self.ceiling is None or not self.ceiling.rps:
            return None
        return self.portal.rps / self.ceiling.rps


def _n(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def table(rows: list[Row]) -> str:
    header = ("page", "req/s", "p50 ms", "p95 ms", "SQL/req", "made ms", "bytes", "ceiling req/s", "ratio")
    lines = []
    body = []
    for row in rows:
        label = f"{row.name}: {row.method} {row.path}"
        if row.skipped:
            continue
        p, c = row.portal, row.ceiling
        body.append((label, _n(p.rps if p else None, 1), _n(p.p50_ms if p else None, 1), _n(p.p95_ms if p else None, 1),
                     _n(row.queries), _n(row.made_ms, 1), _n(row.size), _n(c.rps if c else None, 1),
                     _n(row.ratio, 2)))
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    fmt = lambda r: "  ".join(r[0].ljust(widths[0]) if i == 0 else r[i].rjust(widths[i]) for i in range(len(r)))
    lines.append(fmt(header))
    lines.append("  ".join("-" * w for w in widths))
    lines += [fmt(r) for r in body]
    for row in rows:
        if row.note and not row.skipped:
            lines.append(f"  {row.name}: {row.note}")
    for row in rows:
        if row.skipped:
            lines.append(f"SKIPPED {row.name}: {row.method} {row.path} — skipped ({row.skipped})")
    return "\n".join(lines)


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"
