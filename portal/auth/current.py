"""Who is acting, for whom, and what they may do: loaded once per request.

A sign-in lives in a LoginSession row; the cookie only carries its token, so
signing out, timeouts and a revoked fuldmagt take effect on the very next
request, in whichever process serves it.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal import clock
from portal.extensions import db

from .models import Grant, LoginSession, Person, StaffMember

SCOPE_LABELS = {
    "apply": lazy_gettext("søge om træning"),
    "view": lazy_gettext("se afgørelser og træningsplan"),
    "cancel": lazy_gettext("melde afbud og flytte træning"),
    "complain": lazy_gettext("klage"),
    "messages": lazy_gettext("skrive og læse beskeder"),
}

_LAST_SEEN_RESOLUTION = timedelta(seconds=60)

# Pages about no one's case: a relative whose fuldmagt just ended may still read them.
PUBLIC_BLUEPRINTS = {None, "public", "guide", "quality"}


@dataclass
class Actor:
    login: LoginSession
    person: Person | None
    staff: StaffMember | None
    acting_for: Person | None
    grant: Grant | None

    @property
    def citizen(self) -> Person | None:
        """The person whose case is being handled: the one acted for, or oneself."""
        return self.acting_for or self.person

    @property
    def is_acting(self) -> bool:
        return self.acting_for is not None

    def may(self, scope: str) -> bool:
        if self.person is None:
            return False
        if self.acting_for is None:
            return True
        return self.grant is not None and self.grant.allows(scope, clock.today())


def actor() -> Actor | None:
    return g.get("actor")


def start_session(*, person: Person | None = None, staff: StaffMember | None = None, method: str) -> LoginSession:
    """A fresh sign-in: a new token and a cleared cookie session (no fixation)."""
    now = clock.now()
    login = LoginSession(
        token=secrets.token_urlsafe(32), person_id=person.id if person else None,
        staff_id=staff.id if staff else None, method=method, created_at=now, last_seen_at=now,
    )
    db.session.add(login)
    db.session.flush()
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    session["sid"] = login.token
    return login


def end_session(login: LoginSession | None) -> None:
    if login is not None and login.ended_at is None:
        login.ended_at = clock.now()
    session.clear()


def active_grants_held(person: Person) -> list[Grant]:
    grants = db.session.scalars(
        select(Grant).where(Grant.holder_id == person.id, Grant.revoked_at.is_(None), Grant.declined_at.is_(None))
    ).all()
    today = clock.today()
    return [grant for grant in grants if grant.is_active(today)]


def find_grant(grantor_id: int, holder_id: int) -> Grant | None:
    return db.session.scalar(select(Grant).where(Grant.grantor_id == grantor_id, Grant.holder_id == holder_id))


def _expired(login: LoginSession) -> str | None:
    now = clock.now()
    idle = timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    absolute = timedelta(hours=current_app.config["ABSOLUTE_TIMEOUT_HOURS"])
    if now - login.last_seen_at > idle:
        return gettext("Du er blevet logget ud, fordi du ikke har brugt portalen i %(n)d minutter.", n=int(idle.total_seconds() // 60))
    if now - login.created_at > absolute:
        return gettext("Du er blevet logget ud, fordi du har været logget ind i %(n)d timer. Log ind igen.", n=int(absolute.total_seconds() // 3600))
    return None


_WHO = (joinedload(LoginSession.person), joinedload(LoginSession.staff), joinedload(LoginSession.acting_for))


def load_actor() -> None:
    """before_request: attach g.actor, enforcing timeouts and live fuldmagter."""
    g.actor = None
    token = session.get("sid")
    if not token or request.endpoint == "static":
        return
    # One statement for the sign-in and whoever it is for (three lazy loads otherwise).
    login = db.session.get(LoginSession, token, options=_WHO)
    if login is None or login.ended_at is not None:
        session.pop("sid", None)
        return
    reason = _expired(login)
    if reason:
        end_session(login)
        db.session.commit()
        flash(reason, "info")
        return
    now = clock.now()
    if now - login.last_seen_at > _LAST_SEEN_RESOLUTION and request.endpoint != "auth.session_status":
        # At most one write per session per resolution: last_seen_at trails the
        # real last request by less than _LAST_SEEN_RESOLUTION, so the idle
        # timeout and the timeout dialog (auth.session_status, which must not
        # count as activity) are exact to within it (never more than that early).
        # One statement in autocommit mode on its own connection: the request's
        # session is neither committed early nor expired (no reloads), SQLite's
        # write lock is held only inside that statement (see portal/audit.py),
        # and the WHERE lets only one of several simultaneous requests write,
        # never backwards.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(update(LoginSession).where(
                LoginSession.token == token, LoginSession.last_seen_at < now - _LAST_SEEN_RESOLUTION,
            ).values(last_seen_at=now))
        set_committed_value(login, "last_seen_at", now)
    grant = None
    if login.acting_for_id is not None and login.person_id is not None:
        grant = find_grant(login.acting_for_id, login.person_id)
        if grant is None or not grant.is_active(clock.today()):
            grantor_name = login.acting_for.name if login.acting_for else ""
            login.acting_for_id = None
            db.session.commit()
            g.actor = Actor(login, login.person, login.staff, None, None)
            if request.blueprint not in PUBLIC_BLUEPRINTS and request.endpoint not in ("auth.sign_out", "auth.choose_person"):
                raise _grant_ended_page(grantor_name)
            return
    g.actor = Actor(login, login.person, login.staff, login.acting_for if grant else None, grant)


def _grant_ended_page(grantor_name: str):
    from portal.refusal import Refused

    return Refused(403, gettext("Fuldmagten gælder ikke længere"), gettext(
        "Fuldmagten fra %(name)s er tilbagekaldt eller udløbet. Du kan ikke længere handle på vedkommendes vegne, "
        "og det du bad om, er ikke gjort. Du handler nu for dig selv.", name=grantor_name),
        reason="grant_ended", link=(url_for("auth.overview"), gettext("Gå til Min side")))


def _refuse(title: str, text: str, status: int = 403, reason: str = "") -> None:
    from portal.refusal import Refused

    raise Refused(status, title, text, reason=reason)


def _to_sign_in(url: str):
    """To the sign-in page; an htmx request (signed out meanwhile) leaves the page for it."""
    from portal.extensions import htmx

    if htmx:
        response = current_app.response_class("", status=204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)


def require_citizen(scope: str | None = None, *, self_only: bool = False):
    """A signed-in person acting for themselves, or for someone whose fuldmagt
    covers `scope`; `self_only` pages (fuldmagt, activity) refuse while acting.
    Returns the redirect to sign in, raises Refused, or returns None: go on."""
    current = actor()
    if current is None:
        return _to_sign_in(url_for("auth.sign_in", next=request.path))
    if current.person is None:
        _refuse(gettext("Siden er for borgere"), gettext(
            "Du er logget ind som medarbejder. Log ud og log ind med MitID som borger for at bruge denne side."),
            reason="not_citizen")
    if self_only and current.is_acting:
        _refuse(gettext("Skift til dig selv først"), gettext(
            "Du handler på vegne af %(name)s. Denne side kan kun bruges for dig selv. Vælg »Skift til dig selv« øverst på siden.",
            name=current.acting_for.name), reason="self_only")
    if scope and not current.may(scope):
        _refuse(gettext("Din fuldmagt dækker ikke dette"), gettext(
            "Fuldmagten fra %(name)s giver dig ikke lov til at %(what)s. Bed %(name)s om at udvide fuldmagten, hvis du skal kunne det.",
            name=current.acting_for.name, what=SCOPE_LABELS[scope]), reason="scope")
    return None


def require_staff(*roles: str):
    """A signed-in member of staff with one of `roles` (any role when none are named)."""
    current = actor()
    if current is None:
        return _to_sign_in(url_for("auth.staff_sign_in", next=request.path))
    if current.staff is None:
        _refuse(gettext("Siden er for medarbejdere"), gettext("Denne side er for kommunens medarbejdere."),
                reason="not_staff")
    if roles and not current.staff.has_role(*roles):
        _refuse(gettext("Du har ikke adgang"), gettext("Din rolle giver ikke adgang til denne side."), reason="role")
    return None


def citizen_required(scope: str | None = None, *, self_only: bool = False):
    """For pages that are about no one object (apply, the guide's application)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return require_citizen(scope, self_only=self_only) or view(*args, **kwargs)

        wrapper.required_scope = scope
        return wrapper

    return decorator


def staff_required(*roles: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return require_staff(*roles) or view(*args, **kwargs)

        return wrapper

    return decorator


def init_app(app) -> None:
    app.before_request(load_actor)

    @app.context_processor
    def inject_actor():
        return {"actor": g.get("actor"), "scope_labels": SCOPE_LABELS}
