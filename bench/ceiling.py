"""The ceiling of this machine: a bare Flask + Jinja app that renders a page
of exactly N bytes (GET /<N>), with no database, no session and no
translation. Served by gunicorn with the same settings as the portal, it tells
what any Flask page of that size can reach here; the portal's ratio to it is
what the portal's own work costs.

The page is real template work, not a static string: a loop over rows with
autoescaped variables, like a list page, padded to the byte.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, Response, abort

app = Flask(__name__)

_TEMPLATE = app.jinja_env.from_string(
    "<!DOCTYPE html>\n<html lang=\"da\">\n<head><meta charset=\"utf-8\"><title>{{ title }}</title></head>\n"
    "<body>\n<main>\n<h1>{{ title }}</h1>\n<ul>\n"
    "{% for row in rows %}<li class=\"row\"><a href=\"/r/{{ loop.index }}\">{{ row }}</a></li>\n{% endfor %}"
    "</ul>\n<p>{{ pad }}</p>\n</main>\n</body>\n</html>\n"
)
_ROW_TEXT = "Træning torsdag kl. 10.00 · Træningscentret · 45 minutter · "  # non-ASCII as on real pages


def _render(rows: list[str], pad: str) -> bytes:
    return _TEMPLATE.render(title="Loftet", rows=rows, pad=pad).encode()


@lru_cache(maxsize=64)
def _rows_for(size: int) -> tuple[tuple[str, ...], str]:
    """Rows and padding that make the page exactly `size` bytes."""
    base = len(_render([], ""))
    one = len(_render([_ROW_TEXT], "")) - base
    count = max(0, (size - base) // one)
    while count and len(_render([_ROW_TEXT] * count, "")) > size:
        count -= 1
    rows = [_ROW_TEXT] * count
    pad = "x" * max(0, size - len(_render(rows, "")))
    return tuple(rows), pad


def response(size: int) -> Response:
    """The page of `size` bytes (bench/floor.py answers with the same)."""
    if size > 5_000_000:
        abort(404)
    rows, pad = _rows_for(size)
    return Response(_TEMPLATE.render(title="Loftet", rows=rows, pad=pad), mimetype="text/html")


@app.get("/<int:size>")
def page(size: int):
    return response(size)


def size_of(size: int) -> int:
    """The byte size the ceiling renders for `size` (equal unless `size` is below its skeleton)."""
    rows, pad = _rows_for(size)
    return len(_render(list(rows), pad))
