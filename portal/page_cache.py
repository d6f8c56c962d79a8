"""Signed-in pages kept whole, under everything they show.

A signed-in page is the same bytes every time it is asked for while none of
what it shows has changed: the same person acting, for the same person, with
the same fuldmagt; the same address, language and htmx request; the same
data; the same minute. Such a page is rendered once and kept; the next
request gets the kept bytes after its own sign-in, authorisation and audit
entry, without loading a case or rendering a template.

The key (`_key`) is made of exactly that:

- the person acting, whom they act for and what their fuldmagt lets them do
  now (`render_cache.who`), read when the request signs in;
- the address with its query string, application root, host and scheme, the
  page's language and every `HX-*` request header (htmx asks for parts of
  pages);
- the **data versions** of the page's scopes (portal/versions.py: raised by
  the database on any change to a row of the person, the municipality, or
  anyone's name), read before any of the page's data is read. A page made
  from newer data than its versions is only ever found by requests that read
  those same older versions before the change committed: never stale;
- the **minute** (Copenhagen time). Every rule the pages show counts to the
  minute: the 12:00 and 08:00 cancellation deadlines (12:00 is on time, 12:01
  is late), a session's start and end, dates and hverdage. So a page cannot
  change within a minute unless its data does, and a kept page is never shown
  once a deadline it shows has passed. `tests/web/test_page_cache.py` checks
  kept and fresh pages are the same at 11:59, 12:00, 12:01, 07:59, 08:00,
  08:01, a minute before the start and at the start.

What is never kept: anything but a GET; a request with a flash message
waiting (the page would show and use it up); a response other than 200, one
that sets a cookie, or one whose request wrote to the database (a page that
marks something read); debug mode; `PAGE_CACHE_BYTES=0`.

The CSRF token of the request that rendered the page is replaced by a
stand-in before the page is kept, and each request's own token is put in on
the way out (as `render_cache` does for fragments). The read's audit entries
that the rendering recorded are kept with the page and recorded again, with
the time and the person of each request that gets it: a kept page is logged
exactly as a rendered one.

The store is per process, least recently used first out, bounded in bytes
(`PAGE_CACHE_BYTES`, default 32 MB per process).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal import audit, clock, render_cache, versions

_STATE = "portal.page_cache"  # in the request's environ: the key of a page being made
_WROTE = "portal.page_cache.wrote"
_TOKEN = render_cache.TOKEN_STAND_IN.encode()
_DROPPED_HEADERS = frozenset({"content-length", "set-cookie"})


@dataclass(frozen=True)
class Kept:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    has_token: bool
    reads: tuple[dict, ...]  # the read audit entries, without their time and who acted
    encoded_reads: str | None = None  # a list page's entries as the database is sent them (audit.encode_reads)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.encoded_reads or "") + 512


class PageStore(render_cache.Store):
    """Kept pages, at most `capacity` bytes in all."""

    def __init__(self, capacity: int):
        super().__init__(capacity, weigh=lambda kept: kept.size)


def init_app(app: Flask) -> None:
    app.extensions["page_cache"] = PageStore(app.config.get("PAGE_CACHE_BYTES", 32 * 1024 * 1024))


def store() -> PageStore | None:
    kept = current_app.extensions.get("page_cache")
    if kept is None or kept.capacity <= 0 or current_app.debug:
        return None
    return kept


# ------------------------------------------------------------------ scopes

def citizen_scopes(current, *, activity: bool = False) -> tuple:
    """A citizen's page: their data, the data of the one acting for them, names;
    the activity log also what others have recorded about them (versions.activity_mark)."""
    people = {current.citizen_id, current.person_id}
    scopes = (versions.GLOBAL, *sorted(versions.person(person_id) for person_id in people))
    if activity:
        return scopes + ((ACTIVITY, current.person_id),)
    return scopes


ACTIVITY = "activity"


def staff_scopes(current) -> tuple[str, ...]:
    """A staff page: the municipality's data and names."""
    return versions.GLOBAL, versions.municipality(current.staff_terms.municipality_id)


# ------------------------------------------------------------- the way in

def _keepable() -> bool:
    return request.method == "GET" and not session.get("_flashes") and store() is not None


def _key(scopes: tuple[str, ...]) -> tuple:
    from portal.i18n import select_locale

    environ = request.environ
    moment = clock.now()
    htmx_headers = tuple(sorted(item for item in environ.items() if item[0].startswith("HTTP_HX_")))
    return (
        # The address as the server received it (after ProxyFix): path, query, root, host, scheme.
        environ.get("PATH_INFO"), environ.get("QUERY_STRING"), environ.get("SCRIPT_NAME"),
        environ.get("HTTP_HOST"), environ.get("SERVER_NAME"), environ.get("SERVER_PORT"), environ.get("wsgi.url_scheme"),
        select_locale(), htmx_headers,
        render_cache.who(g.get("actor")),
        scopes, _versions(scopes),
        moment.replace(second=0, microsecond=0),
    )


def _versions(scopes: tuple) -> tuple:
    """The versions the sign-in read with the person acting (load_actor), before any of the page's data."""
    from portal import side

    known = g.actor.versions
    plain = tuple(scope for scope in scopes if isinstance(scope, str))
    if all(scope in known for scope in plain):
        found = tuple(known[scope] for scope in plain)
    else:
        found = versions.read(side.connection(), plain)
    marks = tuple(versions.activity_mark(side.connection(), person_id)
                  for _, person_id in (scope for scope in scopes if not isinstance(scope, str)))
    return found + marks


def begin(scopes: tuple):
    """The kept response for this request (its reads recorded again), or None:
    go on and make the page; `finish` keeps it."""
    if not _keepable():
        return None
    key = _key(scopes)
    kept = store().get(key)
    if kept is None:
        request.environ[_STATE] = key
        request.environ.pop(_WROTE, None)
        return None
    audit.record_again(kept.reads, kept.encoded_reads)
    body = kept.body
    if kept.has_token:
        body = body.replace(_TOKEN, render_cache.signed_token().encode())
    return current_app.response_class(body, status=kept.status, headers=list(kept.headers))


def finish(result, commit):
    """Commit the request; keep the page it made if it may be kept; return it as a response."""
    key = request.environ.pop(_STATE, None)
    if key is None:
        commit()
        return result
    response = current_app.make_response(result)
    kept = _keepable_response(response)
    commit()  # writes the read entries (portal/audit.py); a failed commit keeps nothing
    if kept is not None:
        store().put(key, kept)
    return response


def _keepable_response(response) -> Kept | None:
    """What to keep of this response, taken before the commit writes the read entries."""
    if (response.status_code != 200 or response.is_streamed or request.environ.pop(_WROTE, False)
            or "Set-Cookie" in response.headers or session.get("_flashes")):
        return None
    reads = tuple(dict(row, at=None) for row in request.environ.get(audit.PENDING, ()))
    body = response.get_data()
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    has_token = bool(token) and token.encode() in body
    if has_token:
        body = body.replace(token.encode(), _TOKEN)
    headers = tuple((name, value) for name, value in response.headers.items()
                    if name.lower() not in _DROPPED_HEADERS)
    return Kept(response.status_code, headers, body, has_token, reads, audit.encode_reads(reads))


@event.listens_for(Session, "after_flush")
def _note_write(session, flush_context) -> None:
    _mark_wrote()


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _mark_wrote()


def _mark_wrote() -> None:
    from flask import has_request_context

    if has_request_context() and _STATE in request.environ:
        request.environ[_WROTE] = True
