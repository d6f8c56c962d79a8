"""Decisions, the training schedule, afbud and moving, calendars: the URL map.

Citizen pages
  /mine-sager/<ref>/afgoerelse            the decision as a letter (+ /udskriv)
  /traeningsplan                           upcoming and past sessions
  /traeningsplan/<booking>                 one session (also the htmx row)
  /traeningsplan/<booking>/afbud           reason → consequence → confirm (+ /kvittering, /fortryd)
  /traeningsplan/<booking>/erstatning      pick a replacement after an afbud on time
  /traeningsplan/<booking>/flyt            move to another free time
  /traeningsplan/<booking>/kalender.ics    one session for a calendar
  /kalender, /kalender/<token>.ics         the personal subscription
Staff pages
  /medarbejder/sager/<ref>/afgoerelse      the visitator records the decision
  /medarbejder/traening/…                  the therapist's times, courses, attendance, cancelling
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portal import audit, clock, i18n, municipalities
from portal.auth.current import actor, citizen_required, staff_required
from portal.auth.models import AuditEntry, Person
from portal.cases.models import AWAITING_CONFIRMATION, RECEIVED, VISITATION, WITHDRAWN, Case
from portal.extensions import db, htmx
from portal.municipalities import wording
from portal.municipalities.bodies import route_bodies
from portal.rules.calendar import day_off_name, is_business_day
from portal.rules.cancellation import Reason
from portal.rules.complaints import Subject
from portal.rules.series import series_days
from portal.templating import register_block

from . import ics, presenters, services
from .forms import AttendanceForm, CancelForm, CancelSlotForm, ChooseSlotForm, DecisionForm, SlotForm
from .models import ATTENDED, BOOKED, CANCELLED, MOVED, NO_SHOW, Booking, Decision, Slot
from .presenters import session_view

bp = Blueprint("schedule", __name__)

audit.ACTION_LABELS.update({
    "decision.create": lazy_gettext("traf en afgørelse i din sag"),
    "decision.view": lazy_gettext("så din afgørelse"),
    "decision.staff_view": lazy_gettext("så din sag for at træffe afgørelse"),
    "schedule.view": lazy_gettext("så din træningsplan"),
    "schedule.book": lazy_gettext("bookede træningstider til dig"),
    "booking.view": lazy_gettext("så en af dine træningstider"),
    "booking.cancel": lazy_gettext("meldte afbud til en træning"),
    "booking.undo_cancel": lazy_gettext("fortrød et afbud"),
    "booking.release": lazy_gettext("gav en erstatningstid tilbage"),
    "booking.replacement": lazy_gettext("valgte en erstatningstid"),
    "booking.move": lazy_gettext("flyttede en træning"),
    "booking.calendar": lazy_gettext("hentede en træning til kalenderen"),
    "booking.attendance": lazy_gettext("registrerede fremmøde"),
    "booking.municipality_cancel": lazy_gettext("aflyste en træning og gav dig en ny tid"),
    "case.reassessment_flag": lazy_gettext("markerede dit forløb til ny vurdering"),
    "course.staff_view": lazy_gettext("så dit træningsforløb"),
    "slot.staff_view": lazy_gettext("så deltagerne på en træning"),
    "calendar.renew": lazy_gettext("lavede en ny adresse til kalenderabonnementet"),
    "calendar.stop": lazy_gettext("stoppede kalenderabonnementet"),
    "calendar.feed": lazy_gettext("din kalender hentede din træningsplan"),
})

register_block("overview", "schedule/_overview_block.html")
register_block("case", "schedule/_case_block.html")

DECIDABLE = (RECEIVED, VISITATION)

ERRORS = {
    "slot_full": lazy_gettext("Den tid blev taget af en anden lige før dig. Vælg en anden tid."),
    "not_offered": lazy_gettext("Den tid kan du ikke vælge. Vælg en af de ledige tider på listen."),
    "not_cancellable": lazy_gettext("Du kan ikke melde afbud til den træning. Den er allerede aflyst, flyttet eller begyndt."),
    "undo_too_late": lazy_gettext("Fristen for at fortryde afbuddet er overskredet."),
    "replacement_in_use": lazy_gettext("Du har flyttet din erstatningstid. Derfor kan du ikke fortryde afbuddet her. Ring til træningsstedet."),
    "no_replacement": lazy_gettext("Du kan ikke vælge en erstatningstid til den træning."),
    "moving_not_allowed": lazy_gettext("Din kommune giver ikke mulighed for at flytte en træning her. Ring til træningsstedet."),
    "move_too_late": lazy_gettext("Fristen for at flytte træningen er overskredet. Du kan stadig melde afbud."),
}


@bp.after_request
def _vary(response):
    # Several pages answer htmx with a fragment and everyone else with a page.
    if response.mimetype == "text/html":
        response.vary.add("HX-Request")
    return response


@bp.app_context_processor
def _helpers():
    return {
        "schedule_next_session": _next_session_for_actor,
        "schedule_decision_for": _decision_for_block,
        "schedule_flagged": _flagged_cases_for_actor,
        "decision_outcome_label": lambda outcome: str(presenters.OUTCOME_LABELS.get(outcome, outcome)),
    }


def _next_session_for_actor():
    current = actor()
    if current is None or current.citizen is None or not current.may("view"):
        return None
    booking = db.session.scalar(
        select(Booking).join(Slot).where(
            Booking.citizen_id == current.citizen.id, Booking.status == BOOKED, Slot.starts_at > clock.now(),
        ).order_by(Slot.starts_at).limit(1)
    )
    return session_view(booking) if booking else None


def _flagged_cases_for_actor() -> list[Case]:
    current = actor()
    if current is None or current.citizen is None or not current.may("view"):
        return []
    return list(db.session.scalars(select(Case).where(
        Case.citizen_id == current.citizen.id, Case.reassessment_flagged_at.is_not(None))))


def _decision_for_block(case: Case) -> Decision | None:
    current = actor()
    if current is None or not (current.staff or current.may("view")):
        return None
    return services.latest_decision(case)


# ----------------------------------------------------------------- look-ups

_REFERENCE = re.compile(r"^[A-Z0-9]{2}-[A-Z0-9]{3}-[A-Z0-9]{3}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def _reference(reference: str) -> str:
    """Only something shaped like a reference reaches the database (PostgreSQL refuses NUL bytes)."""
    if not _REFERENCE.match(reference or ""):
        abort(404)
    return reference


def _own_booking(reference: str) -> Booking:
    _reference(reference)
    booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
    if booking is None or booking.citizen_id != actor().citizen.id:
        abort(404)
    return booking


def _own_case(reference: str) -> Case:
    _reference(reference)
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None or case.citizen_id != actor().citizen.id:
        abort(404)
    return case


def _staff_case(reference: str) -> Case:
    _reference(reference)
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None or case.municipality_id != actor().staff.municipality_id:
        abort(404)
    return case


def _staff_slot(slot_id: int) -> Slot:
    if slot_id > 2**31 - 1:  # beyond the column's range: there is no such slot
        abort(404)
    slot = db.session.get(Slot, slot_id)
    if slot is None or slot.municipality_id != actor().staff.municipality_id:
        abort(404)
    return slot


def _fragment_for(reference: str) -> bool:
    """An htmx request aimed at this session's row."""
    return bool(htmx) and htmx.target == f"session-{reference}"


def _slot_label(slot: Slot) -> str:
    text = f"{presenters.when(slot.starts_at)} · {slot.place} · {slot.therapist}"
    if slot.is_team:
        text += " · " + gettext("hold, %(n)d ledige pladser", n=slot.free_places)
    return text


def _citizen_bookings(citizen: Person) -> list[Booking]:
    return list(db.session.scalars(
        select(Booking).join(Slot).options(contains_eager(Booking.slot))
        .where(Booking.citizen_id == citizen.id, Booking.status != MOVED)
        .order_by(Slot.starts_at, Booking.id)
    ))


def _plan_context(citizen: Person) -> dict:
    now = clock.now()
    bookings = _citizen_bookings(citizen)
    replacements = services.replacements_of(bookings)
    views = [session_view(b, now, replacements) for b in bookings]
    upcoming = [v for v in views if v.upcoming]
    past = [v for v in reversed(views) if not v.upcoming]
    municipality_id = views[0].slot.municipality_id if views else citizen.municipality_id
    m = None
    if municipality_id:
        try:
            m = municipalities.get(municipality_id)
        except municipalities.UnknownMunicipality:
            m = None
    flagged = list(db.session.scalars(select(Case).where(
        Case.citizen_id == citizen.id, Case.reassessment_flagged_at.is_not(None))))
    booked = [v for v in upcoming if v.booking.status == BOOKED]
    return {"upcoming": upcoming, "past": past, "m": m, "flagged": flagged, "booked_count": len(booked),
            "next_session": booked[0] if booked else None, "citizen": citizen,
            "cancellation_rules": presenters.cancellation_rules(m) if m else []}


def _render_row_update(booking: Booking, *, message: str | None = None):
    """The session's row in its new state, and the summary above the list (out of band)."""
    context = _plan_context(actor().citizen)
    return render_template("schedule/_session_update.html", s=session_view(booking), row_message=message,
                           focus=booking.reference, **context)


def _render_plan_fragments(citizen: Person, *, focus: str | None = None, message: str | None = None):
    context = _plan_context(citizen)
    return render_template("schedule/_plan_update.html", focus=focus, message=message, **context)


# ======================================================== citizen: decision

@bp.get("/mine-sager/<reference>/afgoerelse")
@citizen_required("view")
def decision(reference: str):
    return _decision_page(reference, "schedule/decision.html")


@bp.get("/mine-sager/<reference>/afgoerelse/udskriv")
@citizen_required("view")
def decision_print(reference: str):
    return _decision_page(reference, "schedule/decision_print.html")


def _decision_page(reference: str, template: str):
    case = _own_case(reference)
    decision = services.latest_decision(case)
    if decision is None:
        abort(404)
    m = municipalities.get(case.municipality_id)
    route, bodies = route_bodies(m, Subject.DECISION)
    audit.record("decision.view", "case", case.reference, subject=case.citizen)
    db.session.commit()
    return render_template(
        template, case=case, decision=decision, m=m, offer=m.offer(decision.offer_id or ""), bodies=bodies,
        outcome_label=presenters.OUTCOME_LABELS.get(decision.outcome, decision.outcome),
        outcome_sentence=presenters.OUTCOME_SENTENCES.get(decision.outcome, ""),
        form_name=presenters.FORM_NAMES.get(decision.form or "", decision.form),
        complaint_amount=wording.amount(m.deadlines.complaint), complaint_from=wording.counted_from(m.deadlines.complaint),
        deadline_sentence=presenters.complaint_deadline_sentence(decision),
        deadline_passed=clock.today() > decision.complaint_deadline,
    )


# ============================================================ citizen: plan

@bp.get("/traeningsplan")
@citizen_required("view")
def plan():
    citizen = actor().citizen
    audit.record("schedule.view", "person", "traeningsplan", subject=citizen)
    db.session.commit()
    if htmx and htmx.target == "plan":
        return _render_plan_fragments(citizen)
    return render_template("schedule/plan.html", **_plan_context(citizen))


@bp.get("/traeningsplan/<reference>")
@citizen_required("view")
def session(reference: str):
    booking = _own_booking(reference)
    view = session_view(booking)
    audit.record("booking.view", "booking", booking.reference, subject=booking.citizen_id)
    db.session.commit()
    if _fragment_for(reference):
        return render_template("schedule/_session.html", s=view)
    moved_to = None
    if booking.status == MOVED:
        moved_to = db.session.scalar(select(Booking).where(Booking.moved_from_id == booking.id))
    return render_template("schedule/session.html", s=view, m=view.m, moved_to=moved_to)


@bp.route("/traeningsplan/<reference>/afbud", methods=["GET", "POST"])
@citizen_required("cancel")
def cancel(reference: str):
    booking = _own_booking(reference)
    view = session_view(booking)
    fragment = _fragment_for(reference)
    if not view.can_cancel:
        if booking.status == CANCELLED and not fragment:
            return redirect(url_for("schedule.receipt", reference=reference))
        if fragment:
            return render_template("schedule/_session.html", s=view, notice=ERRORS["not_cancellable"])
        return render_template("schedule/cannot.html", s=view, m=view.m, title=gettext("Du kan ikke melde afbud"),
                               text=ERRORS["not_cancellable"]), (409 if request.method == "POST" else 200)
    form = CancelForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _cancel_page(view, form, "choose", fragment, status=400)
        reason = Reason(form.reason.data)
        outcome = services.outcome_for(booking, reason)
        shown = "on_time" if outcome.on_time else "late"
        if form.step.data == "confirm" and form.shown.data == shown:
            services.cancel(booking, reason, actor().person)
            db.session.commit()
            if fragment:
                return _render_row_update(booking, message=gettext("Dit afbud er registreret."))
            return redirect(url_for("schedule.receipt", reference=reference))
        # First the consequence; shown again if it changed while the page was open.
        changed = form.step.data == "confirm"
        return _cancel_page(view, form, "preview", fragment, outcome=outcome, shown=shown, changed=changed)
    return _cancel_page(view, form, "choose", fragment)


def _cancel_page(view, form, panel, fragment, status=200, **extra):
    context = {"s": view, "form": form, "panel": panel, "m": view.m,
               "rules": presenters.cancellation_rules(view.m), **extra}
    if "outcome" in extra:
        context["reason_label"] = presenters.REASON_LABELS[form.reason.data]
    if fragment:
        return render_template("schedule/_session.html", **context)
    return render_template("schedule/cancel.html", **context), status


@bp.get("/traeningsplan/<reference>/afbud/kvittering")
@citizen_required("view")
def receipt(reference: str):
    booking = _own_booking(reference)
    if booking.status != CANCELLED:
        return redirect(url_for("schedule.session", reference=reference))
    view = session_view(booking)
    slots = []
    if view.can_choose_replacement and actor().may("cancel"):
        slots = services.free_slots(booking.slot.municipality_id, booking.slot.offer_id, citizen_id=booking.citizen_id,
                                    exclude_slot_id=booking.slot_id)
    form = ChooseSlotForm()
    form.slot.choices = [(str(slot.id), _slot_label(slot)) for slot in slots]
    audit.record("booking.view", "booking", booking.reference, subject=booking.citizen_id)
    db.session.commit()
    return render_template("schedule/receipt.html", s=view, m=view.m, form=form, slots=slots,
                           reason_label=lambda reason: str(presenters.REASON_LABELS.get(reason, reason)))


@bp.post("/traeningsplan/<reference>/afbud/fortryd")
@citizen_required("cancel")
def undo(reference: str):
    booking = _own_booking(reference)
    fragment = _fragment_for(reference)
    try:
        released = services.undo_cancellation(booking, actor().person)
    except services.ScheduleError as error:
        db.session.rollback()
        view = session_view(booking)
        if fragment:
            return render_template("schedule/_session.html", s=view, notice=ERRORS.get(error.code, ERRORS["undo_too_late"]))
        flash(str(ERRORS.get(error.code, ERRORS["undo_too_late"])), "warning")
        return redirect(url_for("schedule.receipt", reference=reference))
    db.session.commit()
    message = gettext("Dit afbud er fortrudt. Du kommer til træningen som aftalt.")
    if released is not None:
        message += " " + gettext("Erstatningstiden er givet tilbage.")
    if fragment:
        return _render_row_update(booking, message=message)
    flash(message, "success")
    return redirect(url_for("schedule.plan") + f"#session-{reference}")


def _choose_slot(booking: Booking, mode: str):
    """The replacement and the move pages: the same list of free times, different rules."""
    view = session_view(booking)
    fragment = bool(htmx) and htmx.target == "plan"
    slots = services.free_slots(booking.slot.municipality_id, booking.slot.offer_id, citizen_id=booking.citizen_id,
                                exclude_slot_id=booking.slot_id)
    form = ChooseSlotForm()
    form.slot.choices = [(str(slot.id), _slot_label(slot)) for slot in slots]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            target = next((slot for slot in slots if str(slot.id) == form.slot.data), None)
            try:
                if target is None:
                    # Not among the free times any more: someone took it meanwhile.
                    raise services.SlotFull(None)
                if mode == "replacement":
                    new = services.choose_replacement(booking, target, actor().person)
                    message = gettext("Din erstatningstræning er booket: %(when)s.", when=presenters.when(new.slot.starts_at))
                else:
                    new = services.move(booking, target, actor().person)
                    message = gettext("Din træning er flyttet til %(when)s.", when=presenters.when(new.slot.starts_at))
            except services.ScheduleError as error:
                db.session.rollback()
                form.slot.errors.append(ERRORS.get(error.code, ERRORS["not_offered"]))
                form.slot.data = None
                slots = services.free_slots(booking.slot.municipality_id, booking.slot.offer_id,
                                            citizen_id=booking.citizen_id, exclude_slot_id=booking.slot_id)
                form.slot.choices = [(str(slot.id), _slot_label(slot)) for slot in slots]
                status = 409
            else:
                db.session.commit()
                if fragment:
                    return _render_plan_fragments(actor().citizen, focus=new.reference, message=message)
                flash(message, "success")
                return redirect(url_for("schedule.plan") + f"#session-{new.reference}")
        else:
            status = 400
    context = {"s": view, "m": view.m, "form": form, "slots": slots, "mode": mode,
               "move_deadline": services.move_deadline(booking)}
    if fragment:
        return render_template("schedule/_plan_update.html", **_plan_context(actor().citizen),
                               **{k: v for k, v in context.items() if k not in ("s", "m")},
                               open_panel=booking.reference)
    if _fragment_for(booking.reference):
        return render_template("schedule/_session.html", panel="choose_slot", **context)
    template = "schedule/replacement.html" if mode == "replacement" else "schedule/move.html"
    return render_template(template, **context), status


@bp.route("/traeningsplan/<reference>/erstatning", methods=["GET", "POST"])
@citizen_required("cancel")
def replacement(reference: str):
    booking = _own_booking(reference)
    if not services.can_choose_replacement(booking):
        view = session_view(booking)
        return render_template("schedule/cannot.html", s=view, m=view.m, title=gettext("Du kan ikke vælge en erstatningstid"),
                               text=_why_no_replacement(booking)), (409 if request.method == "POST" else 200)
    return _choose_slot(booking, "replacement")


def _why_no_replacement(booking: Booking) -> str:
    if booking.status == CANCELLED and booking.replacement_offered and services.replacement_of(booking):
        return gettext("Du har allerede valgt en erstatningstid. Du kan se den i din træningsplan.")
    if booking.status == CANCELLED and not booking.cancel_on_time:
        return gettext("Afbuddet kom efter fristen. Derfor får du ikke erstatningstræning.")
    if booking.status == CANCELLED:
        return gettext("Du får kun erstatningstræning, når du melder afbud til tiden på grund af sygdom eller dødsfald i din nærmeste familie.")
    return str(ERRORS["no_replacement"])


@bp.route("/traeningsplan/<reference>/flyt", methods=["GET", "POST"])
@citizen_required("cancel")
def move(reference: str):
    booking = _own_booking(reference)
    if not services.can_move(booking):
        view = session_view(booking)
        if not services.moving_allowed(booking):
            text = ERRORS["moving_not_allowed"]
        elif not services.can_cancel(booking):
            text = gettext("Du kan kun flytte en træning, der er aftalt og ikke begyndt.")
        else:
            text = gettext("Fristen for at flytte træningen var %(when)s. Du kan stadig melde afbud.",
                           when=presenters.when(services.move_deadline(booking)))
        return render_template("schedule/cannot.html", s=view, m=view.m, title=gettext("Du kan ikke flytte træningen"),
                               text=text), (409 if request.method == "POST" else 200)
    return _choose_slot(booking, "move")


# ========================================================== citizen: calendar

@bp.get("/traeningsplan/<reference>/kalender.ics")
@citizen_required("view")
def session_ics(reference: str):
    booking = _own_booking(reference)
    audit.record("booking.calendar", "booking", booking.reference, subject=booking.citizen_id)
    db.session.commit()
    return Response(ics.session_file(booking), mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="traening-{booking.reference}.ics"',
        "Cache-Control": "private, no-store",
    })


@bp.get("/kalender")
@citizen_required("view", self_only=True)
def calendar():
    person = actor().person
    feed_url = url_for("schedule.calendar_feed", token=person.calendar_token, _external=True) if person.calendar_token else None
    webcal_url = feed_url.replace("https://", "webcal://").replace("http://", "webcal://") if feed_url else None
    return render_template("schedule/calendar.html", feed_url=feed_url, webcal_url=webcal_url)


@bp.post("/kalender/forny")
@citizen_required("view", self_only=True)
def calendar_renew():
    person = actor().person
    had_one = person.calendar_token is not None
    services.renew_calendar_token(person)
    db.session.commit()
    if had_one:
        flash(gettext("Du har fået en ny adresse. Den gamle virker ikke længere. Tilføj den nye adresse i din kalender."), "success")
    else:
        flash(gettext("Dit kalenderabonnement er klar. Tilføj adressen i din kalender."), "success")
    return redirect(url_for("schedule.calendar"))


@bp.post("/kalender/stop")
@citizen_required("view", self_only=True)
def calendar_stop():
    services.stop_calendar(actor().person)
    db.session.commit()
    flash(gettext("Kalenderabonnementet er stoppet. Adressen virker ikke længere."), "success")
    return redirect(url_for("schedule.calendar"))


@bp.get("/kalender/<token>.ics")
def calendar_feed(token: str):
    if not _TOKEN.match(token):
        abort(404)
    person = db.session.scalar(select(Person).where(Person.calendar_token == token))
    if person is None:
        abort(404)
    since = clock.now() - timedelta(days=90)
    bookings = list(db.session.scalars(
        select(Booking).join(Slot).where(Booking.citizen_id == person.id, Slot.starts_at >= since).order_by(Slot.starts_at)
    ))
    # Calendars fetch often; one entry a day in the log says it is in use.
    start_of_day = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    logged = db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.subject_person_id == person.id, AuditEntry.action == "calendar.feed", AuditEntry.at >= start_of_day).limit(1))
    if logged is None:
        audit.record("calendar.feed", "person", "kalender", subject=person)
        db.session.commit()
    return Response(ics.feed(bookings), mimetype="text/calendar", headers={"Cache-Control": "private, max-age=900"})


# ============================================================ staff: decision

@bp.route("/medarbejder/sager/<reference>/afgoerelse", methods=["GET", "POST"])
@staff_required("visitator")
def decide(reference: str):
    case = _staff_case(reference)
    m = municipalities.get(case.municipality_id)
    existing = services.latest_decision(case)
    # A POST that meets a state it cannot change is a conflict (409), with the page saying why.
    status = 409 if request.method == "POST" else 200
    if existing is not None:
        if status == 409:
            flash(gettext("Sagen har allerede en afgørelse. Der er ikke gemt noget nyt."), "warning")
        audit.record("decision.staff_view", "case", case.reference, subject=case.citizen)
        db.session.commit()
        return render_template("schedule/staff/decided.html", case=case, decision=existing, m=m), status
    if case.status not in DECIDABLE:
        return render_template("schedule/staff/not_decidable.html", case=case, m=m,
                               withdrawn=case.status == WITHDRAWN,
                               awaiting=case.status == AWAITING_CONFIRMATION), status
    form = DecisionForm(m)
    if request.method == "GET":
        _prefill_decision(form, case, m)
    elif form.validate_on_submit():
        services.record_decision(case, actor().staff, form.fields())
        db.session.commit()
        flash(gettext("Afgørelsen er gemt, og %(name)s har fået besked.", name=case.citizen.name), "success")
        return redirect(url_for("schedule.decide", reference=case.reference))
    else:
        audit.record("decision.staff_view", "case", case.reference, subject=case.citizen)
        db.session.commit()
        return render_template("schedule/staff/decide.html", case=case, form=form, m=m,
                               complaint_rule=wording.deadline_rule(m.deadlines.complaint)), 400
    audit.record("decision.staff_view", "case", case.reference, subject=case.citizen)
    db.session.commit()
    return render_template("schedule/staff/decide.html", case=case, form=form, m=m,
                           complaint_rule=wording.deadline_rule(m.deadlines.complaint))


def _prefill_decision(form: DecisionForm, case: Case, m) -> None:
    offers = [offer for offer in m.offers if case.law in offer.laws]
    offer = offers[0] if offers else None
    if offer is not None:
        form.offer_id.data = offer.id
        form.legal_basis.data = offer.legal_basis
        form.frequency.data = offer.frequency.split(".")[0] if offer.frequency else ""
        form.session_minutes.data = str(offer.session_minutes) if offer.session_minutes else ""
        form.max_sessions.data = str(offer.max_sessions) if offer.max_sessions else ""
    provider = m.contact(m.complaints.training_provider)
    form.provider.data = provider.name
    form.contact_phone.data = provider.phone
    today = clock.today()
    form.decided_on.data = today
    form.received_on.data = today


# ========================================================= staff: scheduling

THERAPY = ("terapeut", "leder")


@bp.get("/medarbejder/traening")
@staff_required(*THERAPY)
def staff_overview():
    staff = actor().staff
    m = municipalities.get(staff.municipality_id)
    now = clock.now()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    slots = list(db.session.scalars(
        select(Slot).where(Slot.municipality_id == staff.municipality_id, Slot.starts_at >= start_of_day,
                           Slot.starts_at < start_of_day + timedelta(days=29))
        .order_by(Slot.starts_at, Slot.id)
    ))
    unmarked = list(db.session.scalars(
        select(Slot).join(Booking).where(Slot.municipality_id == staff.municipality_id, Slot.starts_at < now,
                                         Slot.starts_at >= now - timedelta(days=60), Booking.status == BOOKED)
        .distinct().order_by(Slot.starts_at)
    ))
    granted = select(Decision.case_id).where(Decision.outcome != "rejected")
    courses = list(db.session.scalars(
        select(Case).where(Case.id.in_(granted), Case.municipality_id == staff.municipality_id, Case.closed_on.is_(None))
        .order_by(Case.reference)
    ))
    return render_template("schedule/staff/overview.html", m=m, slots=slots, unmarked=unmarked, courses=courses,
                           offer_name=presenters.offer_name)


@bp.get("/medarbejder/traening/forloeb/<reference>")
@staff_required(*THERAPY)
def staff_course(reference: str):
    case = _staff_case(reference)
    return _course_page(case)


def _course_page(case: Case, form: ChooseSlotForm | None = None, status: int = 200):
    decision = services.bookable_decision(case)
    if decision is None:
        abort(404)
    m = municipalities.get(case.municipality_id)
    bookings = list(db.session.scalars(
        select(Booking).join(Slot).where(Booking.case_id == case.id).order_by(Slot.starts_at, Booking.id)))
    slots = services.free_slots(case.municipality_id, decision.offer_id, citizen_id=case.citizen_id)
    if form is None:
        form = ChooseSlotForm()
    form.slot.choices = [(str(slot.id), _slot_label(slot)) for slot in slots]
    audit.record("course.staff_view", "case", case.reference, subject=case.citizen)
    db.session.commit()
    return render_template(
        "schedule/staff/course.html", case=case, decision=decision, m=m, bookings=bookings, form=form, slots=slots,
        used=services.sessions_used(case), no_shows=services.no_shows(case), status_label=presenters.status_label,
        offer_name=presenters.offer_name,
    ), status


@bp.post("/medarbejder/traening/forloeb/<reference>/book")
@staff_required(*THERAPY)
def staff_book(reference: str):
    case = _staff_case(reference)
    decision = services.bookable_decision(case)
    if decision is None:
        abort(404)
    slots = services.free_slots(case.municipality_id, decision.offer_id, citizen_id=case.citizen_id)
    form = ChooseSlotForm()
    form.slot.choices = [(str(slot.id), _slot_label(slot)) for slot in slots]
    if not form.validate_on_submit():
        return _course_page(case, form, 400)
    target = next((slot for slot in slots if str(slot.id) == form.slot.data), None)
    try:
        if target is None:
            raise services.SlotFull(None)
        services.book_existing(actor().staff, case, target)
    except services.ScheduleError as error:
        db.session.rollback()
        form.slot.errors.append(_staff_error(error))
        return _course_page(case, form, 409)
    db.session.commit()
    flash(gettext("%(name)s er booket %(when)s.", name=case.citizen.name, when=presenters.when(target.starts_at)), "success")
    return redirect(url_for("schedule.staff_course", reference=case.reference))


def _staff_error(error: services.ScheduleError) -> str:
    texts = {
        "slot_full": gettext("Tiden er ikke ledig længere. Vælg en anden."),
        "not_granted": gettext("Borgeren har ikke en bevilling til det tilbud."),
        "not_offered": gettext("Tiden kan ikke vælges: den er aflyst eller ligger i fortiden."),
        "already_booked": gettext("Borgeren er allerede booket på den tid."),
        "too_many": gettext("Afgørelsen giver højst %(most)d træningsgange. Borgeren har %(used)d, og du vil booke %(wanted)d mere.",
                            **{k: error.info.get(k, 0) for k in ("most", "used", "wanted")}),
        "no_days": gettext("Serien giver ingen træningstider: alle dage er fridage. Vælg andre dage."),
        "in_the_past": gettext("En træningstid kan ikke ligge i fortiden."),
        "replacement_required": gettext("Vælg en erstatningstid. Kommunen skal tilbyde erstatningstræning, når den aflyser."),
        "already_cancelled": gettext("Træningen er allerede aflyst."),
        "not_started": gettext("Fremmøde kan først registreres, når træningen er begyndt."),
        "not_markable": gettext("Fremmøde kan ikke registreres for en aflyst eller flyttet træning."),
    }
    return texts.get(error.code, gettext("Det kunne ikke lade sig gøre."))


@bp.route("/medarbejder/traening/ny", methods=["GET", "POST"])
@staff_required(*THERAPY)
def staff_new():
    staff = actor().staff
    m = municipalities.get(staff.municipality_id)
    case = None
    case_ref = request.values.get("case") or request.values.get("sag") or ""
    if case_ref:
        case = _staff_case(case_ref)
        if services.bookable_decision(case) is None:
            abort(404)
    form = SlotForm(m)
    if request.method == "GET":
        provider = m.contact(m.complaints.training_provider)
        last_place = db.session.scalar(select(Slot.place).where(Slot.municipality_id == staff.municipality_id)
                                       .order_by(Slot.id.desc()).limit(1))
        form.place.data = last_place or (f"{provider.name}, {provider.address}" if provider.address else provider.name)
        form.therapist.data = staff.name
        form.form.data = "individuel"
        form.capacity.data = "1"
        form.case.data = case.reference if case else ""
        decision = services.bookable_decision(case) if case else None
        offer = m.offer(decision.offer_id) if decision and decision.offer_id else None
        if offer:
            form.offer_id.data = offer.id
        minutes = (decision.session_minutes if decision else None) or (offer.session_minutes if offer else None) or 45
        form.minutes.data = str(minutes)
        form.weeks.data = "4"
        if decision and decision.form in ("individuel", "hold", "bassin", "hjemme"):
            form.form.data = decision.form
        return render_template("schedule/staff/new.html", form=form, m=m, case=case)
    if not form.validate_on_submit():
        return render_template("schedule/staff/new.html", form=form, m=m, case=case), 400
    skipped = []
    if form.repeat.data == "series":
        series = series_days(form.first_day.data, [int(day) for day in form.weekdays.data], form.weeks.value)
        days, skipped = series.days, series.skipped
    else:
        days = [form.first_day.data]
        if not is_business_day(form.first_day.data):
            holiday = day_off_name(form.first_day.data)
            day = i18n.long_date(form.first_day.data)
            form.first_day.errors.append(
                gettext("%(day)s er ikke en hverdag (%(name)s). Vælg en anden dato.", day=day, name=holiday) if holiday
                else gettext("%(day)s er ikke en hverdag. Vælg en anden dato.", day=day))
            return render_template("schedule/staff/new.html", form=form, m=m, case=case), 400
    starts = [form.start_on(day) for day in days]
    try:
        created = services.create_slots(
            staff, offer_id=form.offer_id.data, form=form.form.data, starts=starts, minutes=form.minutes.value,
            place=form.place.data.strip(), therapist=form.therapist.data.strip(), capacity=form.places, case=case,
        )
    except services.ScheduleError as error:
        db.session.rollback()
        target = form.first_day if error.code in ("in_the_past", "no_days") else form.offer_id
        target.errors.append(_staff_error(error))
        return render_template("schedule/staff/new.html", form=form, m=m, case=case, skipped=skipped), 400
    db.session.commit()
    return render_template("schedule/staff/created.html", m=m, case=case, slots=created.slots, skipped=skipped,
                           offer_name=presenters.offer_name)


@bp.get("/medarbejder/traening/<int:slot_id>")
@staff_required(*THERAPY)
def staff_slot(slot_id: int):
    slot = _staff_slot(slot_id)
    return _slot_page(slot)


def _slot_page(slot: Slot, error: str | None = None, status: int = 200):
    bookings = list(db.session.scalars(select(Booking).where(Booking.slot_id == slot.id).order_by(Booking.id)))
    for booking in bookings:
        audit.record("slot.staff_view", "booking", booking.reference, subject=booking.citizen_id)
    db.session.commit()
    m = municipalities.get(slot.municipality_id)
    return render_template(
        "schedule/staff/slot.html", slot=slot, bookings=bookings, m=m, error=error, now=clock.now(),
        status_label=presenters.status_label, offer_name=presenters.offer_name, no_shows=services.no_shows,
        form=AttendanceForm(), BOOKED=BOOKED, ATTENDED=ATTENDED, NO_SHOW=NO_SHOW,
    ), status


@bp.post("/medarbejder/traening/<int:slot_id>/fremmoede")
@staff_required(*THERAPY)
def staff_attendance(slot_id: int):
    slot = _staff_slot(slot_id)
    form = AttendanceForm()
    if not form.validate_on_submit() or form.status.data not in ("attended", "no_show"):
        return _slot_page(slot, gettext("Vælg mødt eller udeblevet for en deltager."), 400)
    booking = db.session.scalar(select(Booking).where(Booking.slot_id == slot.id,
                                                      Booking.reference == _reference(form.booking.data)))
    if booking is None:
        abort(404)
    try:
        flagged = services.mark_attendance(booking, form.status.data == "attended", actor().staff)
    except services.ScheduleError as error:
        db.session.rollback()
        return _slot_page(slot, _staff_error(error), 409)
    db.session.commit()
    if flagged:
        flash(gettext("%(name)s er udeblevet for mange gange. Forløbet er markeret til ny vurdering, og borgeren har fået besked.",
                      name=booking.citizen.name), "warning")
    else:
        flash(gettext("Fremmøde er registreret for %(name)s.", name=booking.citizen.name), "success")
    return redirect(url_for("schedule.staff_slot", slot_id=slot.id))


@bp.route("/medarbejder/traening/<int:slot_id>/aflys", methods=["GET", "POST"])
@staff_required(*THERAPY)
def staff_cancel_slot(slot_id: int):
    slot = _staff_slot(slot_id)
    m = municipalities.get(slot.municipality_id)
    affected = list(db.session.scalars(select(Booking).where(Booking.slot_id == slot.id, Booking.status == BOOKED)))
    if slot.cancelled_at is not None or slot.starts_at <= clock.now():
        return _slot_page(slot, gettext("Træningen er allerede aflyst eller begyndt.") if slot.cancelled_at is None
                          else gettext("Træningen er allerede aflyst."), 200)
    options = services.free_slots(slot.municipality_id, slot.offer_id, exclude_slot_id=slot.id, places=max(len(affected), 1))
    options = [option for option in options if not any(
        db.session.scalar(select(Booking.id).where(Booking.slot_id == option.id, Booking.citizen_id == b.citizen_id,
                                                   Booking.status == BOOKED)) for b in affected)]
    same_day = slot.starts_at.date() == clock.today()
    form = CancelSlotForm()
    form.replacement.choices = [(str(option.id), _slot_label(option)) for option in options] + [("new", gettext("En ny tid"))]
    if request.method == "POST":
        valid = form.validate_on_submit()
        replacement = None
        if valid and affected and form.replacement.data != "new":
            replacement = next((o for o in options if str(o.id) == form.replacement.data), None)
            if replacement is None:
                form.replacement.errors.append(_staff_error(services.ScheduleError("replacement_required")))
                valid = False
        if valid:
            try:
                new = services.cancel_slot(slot, actor().staff, form.note.data.strip(), replacement=replacement,
                                           new_start=form.new_start if affected else None)
            except services.ScheduleError as error:
                db.session.rollback()
                (form.new_day if error.code == "in_the_past" else form.replacement).errors.append(_staff_error(error))
            else:
                db.session.commit()
                if new:
                    flash(ngettext(
                        "Træningen er aflyst. %(num)d borger har fået erstatningstid %(when)s og besked om det.",
                        "Træningen er aflyst. %(num)d borgere har fået erstatningstid %(when)s og besked om det.",
                        len(new), when=presenters.when(new[0].slot.starts_at)), "success")
                else:
                    flash(gettext("Træningen er aflyst. Ingen var booket på den."), "success")
                return redirect(url_for("schedule.staff_slot", slot_id=slot.id))
        return render_template("schedule/staff/cancel_slot.html", slot=slot, m=m, form=form, affected=affected,
                               offer_name=presenters.offer_name, same_day=same_day), 400
    return render_template("schedule/staff/cancel_slot.html", slot=slot, m=m, form=form, affected=affected,
                           offer_name=presenters.offer_name, same_day=same_day)

