"""Sign-in and sign-out, choosing whom to act for, fuldmagt and activity."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext
from sqlalchemy import select

from portal import access, audit, clock
from portal.security import safe_target
from portal.demo_people import PEOPLE, PEOPLE_BY_KEY, STAFF, STAFF_BY_KEY
from portal.extensions import db, limited, sign_in_limit

from . import oidc, services
from .current import actor, active_grants_held, end_session, start_session
from .forms import ChoosePersonForm, GrantForm, GrantScopeForm
from .models import Person, StaffMember

bp = Blueprint("auth", __name__)


def _safe_next(default: str) -> str:
    return safe_target(request.values.get("next") or session.get("next"), default)


def staff_home(staff: StaffMember) -> str:
    """Where a staff member starts: the work of their first role."""
    if staff.has_role("visitator"):
        return url_for("staff.inbox")
    if staff.has_role("terapeut"):
        return url_for("schedule.staff_overview")
    return url_for("complaints.inbox")


def _after_person_sign_in(person: Person, next_url: str):
    if active_grants_held(person):
        return redirect(url_for("auth.choose_person", next=next_url))
    return redirect(next_url)


# ----------------------------------------------------------------- sign-in

@bp.get("/log-ind")
def sign_in():
    if request.args.get("next"):
        session["next"] = _safe_next("/")
    return render_template(
        "auth/sign_in.html", mitid=oidc.configured("citizen"),
        demo=current_app.config["DEMO"], people=PEOPLE,
    )


@bp.get("/log-ind/mitid")
@limited(sign_in_limit)
def mitid_start():
    client = oidc.client("citizen")
    if client is None:
        abort(404)
    return client.authorize_redirect(url_for("auth.mitid_callback", _external=True))


def _provider_answer(kind: str, read_claims):
    """The provider's answer on the callback, as `read_claims(userinfo)` reads it;
    or the page saying why no one was signed in."""
    client = oidc.client(kind)
    if client is None:
        abort(404)
    try:
        token = client.authorize_access_token()
        return read_claims(token.get("userinfo") or {}), None
    except oidc.SignInRefused as refused:
        return None, _sign_in_failed(refused.reason)
    except Exception as error:  # a tampered state, a refused code, a broken token
        current_app.logger.warning("%s sign-in failed: %s", kind, type(error).__name__)
        return None, _sign_in_failed("protocol")


def _citizen_claims(userinfo: dict) -> tuple[str, str]:
    from . import cpr as cpr_rules

    cpr_value, name = oidc.citizen_claims(userinfo)
    try:
        return cpr_rules.normalise(cpr_value), name
    except cpr_rules.InvalidCpr:
        raise oidc.SignInRefused("claims") from None


@bp.get("/log-ind/svar")
@limited(sign_in_limit)
def mitid_callback():
    claims, refusal = _provider_answer("citizen", _citizen_claims)
    if refusal is not None:
        return refusal
    cpr_value, name = claims
    person = services.find_or_create_person(cpr_value, name)
    next_url = _safe_next(url_for("auth.overview"))  # read before the new session clears the old one
    start_session(person=person, method="mitid")
    db.session.commit()
    return _after_person_sign_in(person, next_url)


def _sign_in_failed(reason: str):
    texts = {
        "assurance": gettext("Du skal logge ind med MitID på mindst betydeligt sikringsniveau. Prøv igen med MitID-appen eller kodeviseren."),
        "claims": gettext("Vi fik ikke dit navn og cpr-nummer fra MitID. Prøv at logge ind igen."),
        "protocol": gettext("Log-ind blev afbrudt eller kunne ikke bekræftes. Prøv at logge ind igen."),
    }
    return render_template("errors/error.html", status=401, title=gettext("Du blev ikke logget ind"), text=texts[reason]), 401


@bp.post("/log-ind/demo")
@limited(sign_in_limit)
def demo_sign_in():
    if not current_app.config["DEMO"]:
        abort(404)
    demo = PEOPLE_BY_KEY.get(request.form.get("who", ""))
    if demo is None:
        abort(404)
    person = services.find_or_create_person(demo.cpr, demo.name, demo.municipality_id)
    next_url = _safe_next(url_for("auth.overview"))  # read before the new session clears the old one
    start_session(person=person, method="demo")
    db.session.commit()
    return _after_person_sign_in(person, next_url)


@bp.get("/medarbejder/log-ind")
def staff_sign_in():
    if request.args.get("next"):
        session["next"] = _safe_next("/medarbejder")
    return render_template(
        "auth/staff_sign_in.html", sso=oidc.configured("staff"), demo=current_app.config["DEMO"], staff=STAFF,
    )


@bp.get("/medarbejder/log-ind/start")
@limited(sign_in_limit)
def staff_sso_start():
    client = oidc.client("staff")
    if client is None:
        abort(404)
    return client.authorize_redirect(url_for("auth.staff_sso_callback", _external=True))


@bp.get("/medarbejder/log-ind/svar")
@limited(sign_in_limit)
def staff_sso_callback():
    claims, refusal = _provider_answer("staff", oidc.staff_claims)
    if refusal is not None:
        return refusal
    staff = _staff_member(claims["subject"], claims["name"], claims["municipality"], claims["roles"])
    if staff is None:
        return _sign_in_failed("claims")
    next_url = _safe_next(staff_home(staff))
    start_session(staff=staff, method="sso")
    db.session.commit()
    return redirect(next_url)


def _staff_member(subject: str, name: str, municipality_id: str, roles) -> StaffMember | None:
    from portal import municipalities
    from .models import STAFF_ROLES

    if municipality_id not in municipalities.all_municipalities():
        return None
    roles = [r for r in roles if r in STAFF_ROLES]
    if not roles:
        return None
    staff = db.session.scalar(select(StaffMember).where(StaffMember.subject == subject))
    if staff is None:
        staff = StaffMember(subject=subject, created_at=clock.now(), name=name, municipality_id=municipality_id, roles="")
        db.session.add(staff)
    staff.name = name
    staff.municipality_id = municipality_id
    staff.roles = ",".join(roles)
    db.session.flush()
    return staff


@bp.post("/medarbejder/log-ind/demo")
@limited(sign_in_limit)
def staff_demo_sign_in():
    if not current_app.config["DEMO"]:
        abort(404)
    demo = STAFF_BY_KEY.get(request.form.get("who", ""))
    if demo is None:
        abort(404)
    staff = _staff_member(demo.subject, demo.name, demo.municipality_id, demo.roles)
    next_url = _safe_next(staff_home(staff))  # read before the new session clears the old one
    start_session(staff=staff, method="demo")
    db.session.commit()
    return redirect(next_url)


# ---------------------------------------------------------------- sign-out

@bp.get("/log-ud")
def sign_out_page():
    if actor() is None:
        return redirect(url_for("public.index"))
    return render_template("auth/sign_out.html")


@bp.post("/log-ud")
def sign_out():
    current = actor()
    end_session(current.login if current else None)
    db.session.commit()
    flash(gettext("Du er logget ud."), "success")
    return redirect(url_for("public.index"))


@bp.get("/session/status")
def session_status():
    """Seconds left before the idle timeout; the warning dialog asks this."""
    current = actor()
    if current is None:
        return jsonify(signed_in=False, seconds_left=0)
    idle = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    used = (clock.now() - current.login.last_seen_at).total_seconds()
    return jsonify(signed_in=True, seconds_left=max(0, int(idle - used)))


@bp.post("/session/forlaeng")
def session_extend():
    current = actor()
    if current is None:
        return redirect(url_for("auth.sign_in"))
    current.login.last_seen_at = clock.now()
    db.session.commit()
    if request.headers.get("HX-Request"):
        return "", 204
    return redirect(_safe_next(url_for("auth.overview")))


# ------------------------------------------------------- acting for someone

@bp.route("/vaelg-person", methods=["GET", "POST"])
def choose_person():
    current = actor()
    if current is None or current.person is None:
        return redirect(url_for("auth.sign_in"))
    grants = active_grants_held(current.person)
    form = ChoosePersonForm()
    form.person.choices = [("self", gettext("Mig selv (%(name)s)", name=current.person.name))] + [
        (str(grant.grantor_id), grant.grantor.name) for grant in grants
    ]
    if request.method == "GET" and not form.person.data:
        form.person.data = str(current.login.acting_for_id) if current.login.acting_for_id else "self"
    if form.validate_on_submit():
        _act_for(current, form.person.data, grants)
        db.session.commit()
        return redirect(_safe_next(url_for("auth.overview")))
    return render_template("auth/choose_person.html", form=form, grants=grants)


def _act_for(current, choice: str, grants) -> None:
    """From now on, this sign-in acts for oneself or for the grantor of one of one's fuldmagter."""
    if choice == "self":
        current.login.acting_for_id = None
        flash(gettext("Du handler nu for dig selv."), "success")
        return
    grant = next((gr for gr in grants if str(gr.grantor_id) == choice), None)
    if grant is None:
        abort(404)
    current.login.acting_for_id = grant.grantor_id
    g.actor.acting_for = grant.grantor
    audit.record("acting.start", "grant", grant.id, subject=grant.grantor_id)
    flash(gettext("Du handler nu på vegne af %(name)s.", name=grant.grantor.name), "success")


@bp.post("/skift-til-mig")
def switch_to_self():
    current = actor()
    if current is None:
        return redirect(url_for("auth.sign_in"))
    current.login.acting_for_id = None
    db.session.commit()
    flash(gettext("Du handler nu for dig selv."), "success")
    return redirect(url_for("auth.overview"))


@bp.get("/min-side")
@access.citizen_page(None, read="overview.view", read_ref="min-side", keep="citizen")
def overview():
    # The page shows case data (tasks, the next session): the read is logged.
    return render_template("auth/overview.html")


# ---------------------------------------------------------------- fuldmagt

@bp.get("/fuldmagt")
@access.citizen_page(None, self_only=True, keep="citizen")
def grants():
    given, received = services.grants_of(actor().person)
    return render_template("auth/grants.html", given=given, received=received, today=clock.today())


@bp.route("/fuldmagt/ny", methods=["GET", "POST"])
@access.citizen_page(None, self_only=True)
def grant_new():
    form = GrantForm()
    if form.validate_on_submit():
        me = actor().person
        if form.holder_cpr.data == me.cpr:
            form.holder_cpr.errors.append(gettext("Du kan ikke give en fuldmagt til dig selv."))
        else:
            grant = services.grant(me, form.holder_cpr.data, form.holder_name.data.strip(), form.scopes.data, form.valid_until.data)
            flash(gettext("%(name)s har nu fuldmagt fra dig.", name=grant.holder.name), "success")
            return redirect(url_for("auth.grants"))
    return render_template("auth/grant_form.html", form=form, grant=None)


@bp.route("/fuldmagt/<grant_id>", methods=["GET", "POST"])
@access.citizen("grant", None, param="grant_id", self_only=True)
def grant_edit(grant):
    form = GrantScopeForm()
    if request.method == "GET":
        form.scopes.data = grant.scope_list
        form.valid_until.data = grant.valid_until
    if form.validate_on_submit():
        changed = services.update_grant(grant, form.scopes.data, form.valid_until.data)
        flash(gettext("Fuldmagten til %(name)s er ændret.", name=grant.holder.name) if changed
              else gettext("Fuldmagten til %(name)s er som før. Du ændrede ikke noget.", name=grant.holder.name), "success")
        return redirect(url_for("auth.grants"))
    return render_template("auth/grant_form.html", form=form, grant=grant)


@bp.post("/fuldmagt/<grant_id>/tilbagekald")
@access.citizen("grant", None, param="grant_id", self_only=True)
def grant_revoke(grant):
    try:
        services.revoke(grant)
    except services.GrantError:
        flash(gettext("Fuldmagten til %(name)s gælder ikke længere.", name=grant.holder.name), "info")
        return redirect(url_for("auth.grants"))
    flash(gettext("Fuldmagten til %(name)s er tilbagekaldt. Den gælder ikke længere.", name=grant.holder.name), "success")
    return redirect(url_for("auth.grants"))


@bp.post("/fuldmagt/<grant_id>/afvis")
@access.citizen("grant", None, param="grant_id", holder=True, self_only=True)
def grant_decline(grant):
    try:
        services.decline(grant)
    except services.GrantError:
        flash(gettext("Fuldmagten fra %(name)s gælder ikke længere.", name=grant.grantor.name), "info")
        return redirect(url_for("auth.grants"))
    flash(gettext("Du har afvist fuldmagten fra %(name)s.", name=grant.grantor.name), "success")
    return redirect(url_for("auth.grants"))


# ---------------------------------------------------------------- activity

@bp.get("/aktivitet")
@access.citizen_page(None, self_only=True, keep="activity")
def activity():
    entries = services.done_for(actor().person)
    return render_template("auth/activity.html", entries=entries, sessions=services.sessions_named(entries))


@bp.app_template_global()
def activity_row(entry: services.Activity, session_start=None):
    """One line of the activity log, kept (portal.render_cache) under all it
    shows: the entry (never changed once written, names included) and the
    start of the session it names."""
    from portal import render_cache

    return render_cache.template("auth/_activity_row.html", ("activity-row", entry, session_start),
                                 {"entry": entry, "session_start": session_start, "action_label": audit.action_label})
