"""Rendered fragments kept between requests: a row of the training plan, a decision letter.

A fragment is kept under a key the caller makes of everything the fragment
shows: the database values it reads, the deadline phase at the page's moment,
who acts and what they may do. This module adds what every fragment depends
on (the page's language, the application root of the URLs), keeps the
fragments in a small LRU per process (thread-safe: gunicorn runs threads),
and keeps CSRF tokens out of them: a fragment is rendered with a stand-in for
the token, and each request gets its own token put in on the way out, so a
kept fragment can never carry someone else's.

`RENDER_CACHE_SIZE` (settings) is the number of fragments kept; 0 renders
every fragment afresh (as the cache-off side of the tests does), and so does
debug mode, where templates change while the app runs.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, current_app, g, request, session
from markupsafe import Markup
from sqlalchemy import inspect

# What a fragment holds where the CSRF token goes: random per process, so no data text can spell it.
TOKEN_STAND_IN = "csrf-stand-in-" + secrets.token_hex(16)


class Store:
    """Values kept under keys, at most `capacity` in all as `weigh` counts them
    (each value 1 by default), the least recently used going first.
    Thread-safe: gunicorn may run threads."""

    def __init__(self, capacity: int, weigh: Callable[[object], int] = lambda value: 1):
        self.capacity = capacity
        self.used = 0
        self.hits = self.misses = 0
        self._weigh = weigh
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value) -> None:
        weight = self._weigh(value)
        if weight > self.capacity:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self.used -= self._weigh(previous)
            self._items[key] = value
            self.used += weight
            while self.used > self.capacity:
                _, evicted = self._items.popitem(last=False)
                self.used -= self._weigh(evicted)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.used = self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


class FragmentCache(Store):
    """At most `size` rendered fragments."""

    def __init__(self, size: int):
        super().__init__(size)

    @property
    def size(self) -> int:
        return self.capacity


def init_app(app: Flask) -> None:
    app.extensions["render_cache"] = FragmentCache(app.config.get("RENDER_CACHE_SIZE", 4096))
    app.extensions["signed_tokens"] = Store(4096)
    # After Flask-WTF's own: a template's csrf_token() is this one (the same token, reused as below).
    app.context_processor(lambda: {"csrf_token": signed_token})


SIGNATURE_REUSED_SECONDS = 60


def signed_token() -> str:
    """This session's CSRF token as a form carries it (Flask-WTF's generate_csrf).

    Flask-WTF signs the session's token afresh, with the time, on every request
    that puts it in a page. A kept page or fragment only needs the token put
    in, so the signed token made for a session is reused for up to
    SIGNATURE_REUSED_SECONDS: it is the same token of the same session (with a
    WTF_CSRF_TIME_LIMIT set, valid for that limit less a minute at most; the
    portal sets none, the sign-in session bounds it). It is also the templates'
    `csrf_token()`; within a request every call gives the same (Flask-WTF keeps
    it in g)."""
    from flask_wtf.csrf import generate_csrf

    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    signed = current_app.extensions.get("signed_tokens")
    if signed is None or name in g:  # the request has its token already
        return generate_csrf()
    now = time.time()
    raw = session.get(name)
    known = signed.get(raw) if raw else None
    if known is not None and 0 <= now - known[1] <= SIGNATURE_REUSED_SECONDS:
        setattr(g, name, known[0])
        return known[0]
    token = generate_csrf()  # signed now (and the session's own token made, on its first page)
    signed.put(session[name], (token, now))
    return token


def cache() -> FragmentCache | None:
    """The store, or None: switched off, or in debug mode (where templates are edited while the app runs)."""
    kept = current_app.extensions.get("render_cache")
    if kept is None or kept.size <= 0 or current_app.debug:
        return None
    return kept


_COLUMNS: dict[type, tuple[str, ...]] = {}


def values(obj) -> tuple:
    """Every column value of a model object, for a key: any change to the row changes it."""
    if obj is None:
        return ()
    kind = type(obj)
    names = _COLUMNS.get(kind)
    if names is None:
        names = _COLUMNS[kind] = tuple(attribute.key for attribute in inspect(kind).column_attrs)
    return tuple(getattr(obj, name) for name in names)


def _holds_this_requests_token(html: str) -> bool:
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return bool(token) and token in html


def fragment(key: tuple, render: Callable[[dict], str]) -> Markup:
    """The fragment `render(extra)` makes, kept under `key`. `extra` is laid over
    the fragment's context: while it is being kept, it holds the CSRF stand-in."""
    from portal.i18n import language

    kept = cache()
    if kept is None:
        return Markup(render({}))
    full_key = (language(), request.script_root, *key)
    html = kept.get(full_key)
    if html is None:
        html = render({"csrf_token": lambda: TOKEN_STAND_IN})
        if not _holds_this_requests_token(html):  # a token reached past the stand-in: never keep it
            kept.put(full_key, html)
    if TOKEN_STAND_IN in html:
        html = html.replace(TOKEN_STAND_IN, signed_token())
    return Markup(html)


def template(name: str, key: tuple, context: dict) -> Markup:
    """The template `name` rendered with `context` alone, kept under `key` (see fragment())."""
    return fragment(key, lambda extra: current_app.jinja_env.get_template(name).render({**context, **extra}))


def who(actor) -> tuple | None:
    """Everything about the one acting that the page's fixed parts show: who
    they are, whom they act for and what the fuldmagt lets them do."""
    if actor is None:
        return None
    from portal.auth.current import SCOPE_LABELS

    staff = actor.staff_terms
    return (
        (actor.person_id, actor.person_name) if actor.person_id is not None else None,
        (staff.id, staff.name, staff.roles, staff.municipality_id) if staff else None,
        (actor.acting_for_id, actor.acting_for_name) if actor.acting_for_id is not None else None,
        tuple(actor.may(scope) for scope in SCOPE_LABELS),
    )


_BY_ADDRESS = frozenset({"_footer.html"})


def chrome(name: str) -> Markup:
    """One of the parts every page repeats (the banners, the user's name and
    "Log ud", the menu, the timeout dialog, the footer), kept per person
    acting, page and language: they read nothing else (`actor`, `request`,
    `config`), so the key holds exactly that."""
    from flask import has_request_context, render_template

    if not has_request_context():  # a letter or mail rendered by a job: nothing to key on, nothing to keep
        return Markup(render_template(name))
    current = g.get("actor")
    # Only the footer's language links carry the page's own address; the rest is the same on every page of an endpoint.
    address = (request.full_path if request.query_string else request.path) if name in _BY_ADDRESS else None
    key = ("chrome", name, request.endpoint, address, who(current))
    context = {"actor": current, "request": request, "config": current_app.config, "csrf_token": signed_token}
    return template(name, key, context)
