"""The quality figures and their renderings, kept a while in each process:
they are counted over every case, and change slowly."""

from __future__ import annotations

import time
from threading import Lock
from typing import Callable, TypeVar

from flask import current_app, request

CACHE_SECONDS = 600  # the default for the QUALITY_CACHE_SECONDS setting
T = TypeVar("T")


def kept(key: tuple, compute: Callable[[], T]) -> T:
    """The value under `key` if it was computed less than QUALITY_CACHE_SECONDS ago, else a fresh one."""
    store, lock = current_app.extensions.setdefault("quality_cache", ({}, Lock()))
    seconds = current_app.config.get("QUALITY_CACHE_SECONDS", CACHE_SECONDS)
    now = time.monotonic()
    with lock:
        hit = store.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    value = compute()
    with lock:
        for old in [k for k, (at, _) in store.items() if now - at >= seconds]:
            del store[old]
        store[key] = (now, value)
    return value


def anonymous() -> bool:
    """A visitor without a session cookie gets the same page as every other (as portal.public.cache)."""
    return not current_app.debug and not request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
