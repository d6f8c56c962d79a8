"""URLs for static files. Own files carry a content hash (?v=…); vendor files
live in folders named with their package version (static/vendor/dkfds-11.2.0/).
So every static URL changes when its content does, and WhiteNoise can tell
browsers to keep them for a year."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, request


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "0"


@lru_cache(maxsize=16)
def _vendor_dir(static_folder: str, package: str) -> str:
    found = sorted(Path(static_folder, "vendor").glob(f"{package}-*"))
    if not found:
        raise RuntimeError(f"static/vendor/{package}-<version> is missing: run make install")
    return f"vendor/{found[-1].name}"


@lru_cache(maxsize=512)
def _own_url(static_folder: str, root: str, filename: str) -> str:
    return f"{root}/static/{filename}?v={_digest(Path(static_folder) / filename)}"


@lru_cache(maxsize=512)
def _vendor_url(static_folder: str, root: str, package: str, filename: str) -> str:
    return f"{root}/static/{_vendor_dir(static_folder, package)}/{filename}"


def url(filename: str) -> str:
    """An own static file, with its content hash as a version. Computed once
    per process (in debug mode every time, so edits show at once)."""
    if current_app.debug:
        _own_url.cache_clear()
    return _own_url(current_app.static_folder, request.script_root, filename)


def vendor(package: str, filename: str) -> str:
    """A file from a front-end package copied by the Makefile (dkfds, htmx, axe)."""
    return _vendor_url(current_app.static_folder, request.script_root, package, filename)
