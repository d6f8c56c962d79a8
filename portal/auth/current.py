"""Who is acting, for whom, and what they may do: loaded once per request.

A sign-in lives in a LoginSession row; the cookie only carries its token, so
signing out, timeouts and a revoked fuldmagt take effect on the very next
request, in whichever process serves it.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy import MetaData, String, and_, bindparam, cast, literal, select, update

from portal import clock, side, versions
from portal.extensions import db

from .models import Grant, GrantTerms, LoginSession, Person, StaffMember, StaffRoles

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


@dataclass(frozen=True)
class Terms(GrantTerms):
    """A fuldmagt's terms as the sign-in read them (no model object)."""

    id: int
    scopes: str
    valid_until: date | None
    revoked_at: datetime | None
    declined_at: datetime | None


@dataclass(frozen=True)
class StaffTerms(StaffRoles):
    """A member of staff as the sign-in read them (no model object)."""

    id: int
    name: str
    roles: str
    municipality_id: str


class Actor:
    """Who is acting, for whom, and what they may do.

    The sign-in's one statement (load_actor) gives the ids, names, roles, the
    fuldmagt's terms and the data versions a kept page is keyed on; that is all
    a kept page (portal/page_cache.py) needs. The model objects (`person`,
    `staff`, `acting_for`, `grant`, `login`) are loaded from the request's
    database session the first time a page asks for them."""

    def __init__(self, token: str, *, person_id: int | None, person_name: str | None, staff: StaffTerms | None,
                 acting_for_id: int | None, acting_for_name: str | None, terms: Terms | None,
                 versions: dict[str, int] | None = None, municipalities: tuple[str | None, str | None] = (None, None)):
        self.token = token
        self.person_id, self.person_name = person_id, person_name
        self.staff_terms = staff
        self.acting_for_id, self.acting_for_name = acting_for_id, acting_for_name
        self.terms = terms
        self.versions = versions or {}
        self._municipalities = municipalities  # of the person acting and of the one acted for

    @functools.cached_property
    def login(self) -> LoginSession:
        return db.session.get(LoginSession, self.token)

    @functools.cached_property
    def person(self) -> Person | None:
        return db.session.get(Person, self.person_id) if self.person_id is not None else None

    @functools.cached_property
    def staff(self) -> StaffMember | None:
        return db.session.get(StaffMember, self.staff_terms.id) if self.staff_terms is not None else None

    @functools.cached_property
    def acting_for(self) -> Person | None:
        return db.session.get(Person, self.acting_for_id) if self.acting_for_id is not None else None

    @functools.cached_property
    def grant(self) -> Grant | None:
        return db.session.get(Grant, self.terms.id) if self.terms is not None else None

    @property
    def citizen(self) -> Person | None:
        """The person whose case is being handled: the one acted for, or oneself."""
        return self.acting_for or self.person

    @property
    def citizen_id(self) -> int | None:
        return self.acting_for_id if self.acting_for_id is not None else self.person_id

    @property
    def citizen_name(self) -> str | None:
        return self.acting_for_name if self.acting_for_id is not None else self.person_name

    @property
    def citizen_municipality_id(self) -> str | None:
        """The municipality of the person whose case it is (the one acted for, or oneself)."""
        return self._municipalities[1] if self.acting_for_id is not None else self._municipalities[0]

    @property
    def is_acting(self) -> bool:
        return self.acting_for_id is not None

    @property
    def is_citizen(self) -> bool:
        return self.person_id is not None

    @property
    def is_staff(self) -> bool:
        return self.staff_terms is not None

    def may(self, scope: str) -> bool:
        if self.person_id is None:
            return False
        if self.acting_for_id is None:
            return True
        return self.terms is not None and self.terms.allows(scope, clock.today())


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


def _expired(last_seen_at: datetime, created_at: datetime) -> str | None:
    now = clock.now()
    idle = timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    absolute = timedelta(hours=current_app.config["ABSOLUTE_TIMEOUT_HOURS"])
    if now - last_seen_at > idle:
        return gettext("Du er blevet logget ud, fordi du ikke har brugt portalen i %(n)d minutter.", n=int(idle.total_seconds() // 60))
    if now - created_at > absolute:
        return gettext("Du er blevet logget ud, fordi du har været logget ind i %(n)d timer. Log ind igen.", n=int(absolute.total_seconds() // 3600))
    return None


def _version_of(scope_prefix: str, column):
    """The data version of the scope `scope_prefix` + column (portal/versions.py), 0 when never raised."""
    scope = literal(scope_prefix) + cast(column, String) if column is not None else literal(scope_prefix)
    return select(_VERSION.c.version).where(_VERSION.c.scope == scope).scalar_subquery()


_VERSION = versions.table(MetaData())  # the same table, for statements only
_SIGN_IN = None


def _sign_in_statement():
    """One statement for the sign-in, whom it is for, their fuldmagt and the data versions a kept page needs."""
    global _SIGN_IN
    if _SIGN_IN is None:
        login, person, staff, grant = LoginSession.__table__, Person.__table__, StaffMember.__table__, Grant.__table__
        acting_for = person.alias("acting_for")
        _SIGN_IN = (
            select(
                login.c.person_id, login.c.staff_id, login.c.acting_for_id, login.c.created_at, login.c.last_seen_at,
                login.c.ended_at, person.c.name, acting_for.c.name, person.c.municipality_id, acting_for.c.municipality_id,
                staff.c.name, staff.c.roles, staff.c.municipality_id,
                grant.c.id, grant.c.scopes, grant.c.valid_until, grant.c.revoked_at, grant.c.declined_at,
                _version_of(versions.GLOBAL, None),
                _version_of("p:", login.c.person_id), _version_of("p:", login.c.acting_for_id),
                _version_of("m:", staff.c.municipality_id),
            )
            .select_from(login)
            .outerjoin(person, person.c.id == login.c.person_id)
            .outerjoin(acting_for, acting_for.c.id == login.c.acting_for_id)
            .outerjoin(staff, staff.c.id == login.c.staff_id)
            .outerjoin(grant, and_(grant.c.grantor_id == login.c.acting_for_id, grant.c.holder_id == login.c.person_id))
            .where(login.c.token == bindparam("token"))
        )
    return _SIGN_IN


_SIGN_IN_DIRECT = None


def _read_sign_in(token: str, connection=None) -> tuple | None:
    """The sign-in's row, read outside the request's transaction (on the
    request's side connection unless given one), straight through the driver
    (portal/side.py: `Direct`; every signed-in request sends it)."""
    global _SIGN_IN_DIRECT
    if _SIGN_IN_DIRECT is None:
        _SIGN_IN_DIRECT = side.Direct(_sign_in_statement())
    return _SIGN_IN_DIRECT.first(connection if connection is not None else side.connection(), {"token": token})


def load_actor() -> None:
    """before_request: attach g.actor, enforcing timeouts and live fuldmagter."""
    g.actor = None
    token = session.get("sid")
    if not token or request.endpoint == "static":
        return
    row = _read_sign_in(token)
    if row is None:
        session.pop("sid", None)
        return
    (person_id, staff_id, acting_for_id, created_at, last_seen_at, ended_at, person_name, acting_for_name,
     person_municipality, acting_for_municipality, staff_name, staff_roles, staff_municipality, grant_id, scopes, valid_until, revoked_at, declined_at,
     *version_values) = row
    if ended_at is not None:
        session.pop("sid", None)
        return
    reason = _expired(last_seen_at, created_at)
    if reason:
        end_session(db.session.get(LoginSession, token))
        db.session.commit()
        flash(reason, "info")
        return
    now = clock.now()
    if now - last_seen_at > _LAST_SEEN_RESOLUTION and request.endpoint != "auth.session_status":
        # At most one write per session per resolution: last_seen_at trails the
        # real last request by less than _LAST_SEEN_RESOLUTION, so the idle
        # timeout and the timeout dialog (auth.session_status, which must not
        # count as activity) are exact to within it (never more than that early).
        # One statement in autocommit mode on its own connection: the request's
        # session is neither committed early nor expired (no reloads), SQLite's
        # write lock is held only inside that statement (see portal/audit.py),
        # and the WHERE lets only one of several simultaneous requests write,
        # never backwards.
        side.connection().execute(update(LoginSession).where(
            LoginSession.token == token, LoginSession.last_seen_at < now - _LAST_SEEN_RESOLUTION,
        ).values(last_seen_at=now))
    staff = StaffTerms(staff_id, staff_name, staff_roles, staff_municipality) if staff_id is not None else None
    found = {
        versions.GLOBAL: version_values[0],
        **({versions.person(person_id): version_values[1]} if person_id is not None else {}),
        **({versions.person(acting_for_id): version_values[2]} if acting_for_id is not None else {}),
        **({versions.municipality(staff_municipality): version_values[3]} if staff is not None else {}),
    }
    found = {scope: version or 0 for scope, version in found.items()}
    terms = None
    if acting_for_id is not None and person_id is not None:
        terms = Terms(grant_id, scopes, valid_until, revoked_at, declined_at) if grant_id is not None else None
        if terms is None or not terms.is_active(clock.today()):
            login = db.session.get(LoginSession, token)
            login.acting_for_id = None
            db.session.commit()
            g.actor = Actor(token, person_id=person_id, person_name=person_name, staff=staff, acting_for_id=None,
                            acting_for_name=None, terms=None, municipalities=(person_municipality, None))
            if request.blueprint not in PUBLIC_BLUEPRINTS and request.endpoint not in ("auth.sign_out", "auth.choose_person"):
                raise _grant_ended_page(acting_for_name or "")
            return
    g.actor = Actor(token, person_id=person_id, person_name=person_name, staff=staff, acting_for_id=acting_for_id,
                    acting_for_name=acting_for_name, terms=terms, versions=found,
                    municipalities=(person_municipality, acting_for_municipality))


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
    if not current.is_citizen:
        _refuse(gettext("Siden er for borgere"), gettext(
            "Du er logget ind som medarbejder. Log ud og log ind med MitID som borger for at bruge denne side."),
            reason="not_citizen")
    if self_only and current.is_acting:
        _refuse(gettext("Skift til dig selv først"), gettext(
            "Du handler på vegne af %(name)s. Denne side kan kun bruges for dig selv. Vælg »Skift til dig selv« øverst på siden.",
            name=current.acting_for_name), reason="self_only")
    if scope and not current.may(scope):
        _refuse(gettext("Din fuldmagt dækker ikke dette"), gettext(
            "Fuldmagten fra %(name)s giver dig ikke lov til at %(what)s. Bed %(name)s om at udvide fuldmagten, hvis du skal kunne det.",
            name=current.acting_for_name, what=SCOPE_LABELS[scope]), reason="scope")
    return None


def require_staff(*roles: str):
    """A signed-in member of staff with one of `roles` (any role when none are named)."""
    current = actor()
    if current is None:
        return _to_sign_in(url_for("auth.staff_sign_in", next=request.path))
    if not current.is_staff:
        _refuse(gettext("Siden er for medarbejdere"), gettext("Denne side er for kommunens medarbejdere."),
                reason="not_staff")
    if roles and not current.staff_terms.has_role(*roles):
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
