"""URLs for static files. Own files carry a content hash (?v=…); vendor files
live in folders named with their package version (static/vendor/dkfds-11.2.0/).
So every static URL changes when its content does, and WhiteNoise can tell
browsers to keep them for a year."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=16)
def _vendor_dir(static_folder: str, package: str) -> str:
    found = sorted(Path(static_folder, "vendor").glob(f"{package}-*"))
    if not found:
        raise RuntimeError(f"static/vendor/{package}-<version> is missing: run make install")
    return f"vendor/{found[-1].name}"


def url(filename: str) -> str:
    """An own static file, with its content hash as a version."""
    full = Path(current_app.static_folder) / filename
    try:
        version = _digest(str(full), full.stat().st_mtime)
    except OSError:
        version = "0"
    return url_for("static", filename=filename, v=version)


def vendor(package: str, filename: str) -> str:
    """A file from a front-end package copied by the Makefile (dkfds, htmx, axe)."""
    return url_for("static", filename=f"{_vendor_dir(current_app.static_folder, package)}/{filename}")
