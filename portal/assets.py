"""URLs for static files, fingerprinted by content so they can be cached for a year."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def url(filename: str) -> str:
    full = Path(current_app.static_folder) / filename
    try:
        version = _digest(str(full), full.stat().st_mtime)
    except OSError:
        version = "0"
    return url_for("static", filename=filename, v=version)
