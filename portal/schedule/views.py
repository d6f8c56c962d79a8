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

Every object arrives found, authorised and, for a change, locked
(`portal.access`); what may be done is asked of `portal.rules.states`
through the presenters; pages and their htmx fragments share one template.
"""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from portal import access, municipalities
from portal.auth.current import actor
from portal.extensions import db, htmx
from portal.rules.cancellation import Reason

from . import ics, presenters, rows, services
from .forms import AttendanceForm, CancelForm, CancelSlotForm, ChooseSlotForm, DecisionForm, SlotForm
from .models import ATTENDED, CANCELLED, NO_SHOW, Booking, Slot
from .presenters import session_view
from .staff_pages import (
    THERAPY,
    cancel_slot_page,
    course_page,
    decided_page,
    decision_form_page,
    new_slot_days,
    new_slot_defaults,
    new_slot_page,
    not_decidable_page,
    optional_case,
    slot_cancelled_message,
    slot_page,
    slot_refusal,
    staff_error,
)

bp = Blueprint("schedule", __name__)
# The plan's rows and the decision letter, kept once rendered (rows.py).
bp.add_app_template_global(rows.plan_row, "plan_row")
bp.add_app_template_global(rows.decision_letter, "decision_letter")

AUDIT_LABELS = {
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
}

PAGE_BLOCKS = {"overview": "schedule/_overview_block.html", "case": "schedule/_case_block.html"}

# What the citizen is told when the rules or the data say no (reason codes of
# portal.rules.states and of the services).
ERRORS = {
    "slot_full": lazy_gettext("Den tid blev taget af en anden lige før dig. Vælg en anden tid."),
    "not_offered": lazy_gettext("Den tid kan du ikke vælge. Vælg en af de ledige tider på listen."),
    "already_booked": lazy_gettext("Du er allerede booket på den tid. Vælg en anden tid."),
    "not_cancellable": lazy_gettext("Du kan ikke melde afbud til den træning. Den er allerede aflyst, flyttet eller begyndt."),
    "undo_too_late": lazy_gettext("Fristen for at fortryde afbuddet er overskredet."),
    "replacement_in_use": lazy_gettext("Du har flyttet din erstatningstid. Derfor kan du ikke fortryde afbuddet her. Ring til træningsstedet."),
    "no_replacement": lazy_gettext("Du kan ikke vælge en erstatningstid til den træning."),
    "replacement_chosen": lazy_gettext("Du har allerede valgt en erstatningstid. Du kan se den i din træningsplan."),
    "cancelled_late": lazy_gettext("Afbuddet kom efter fristen. Derfor får du ikke erstatningstræning."),
    "no_replacement_for_reason": lazy_gettext("Du får kun erstatningstræning, når du melder afbud til tiden på grund af sygdom eller dødsfald i din nærmeste familie."),
    "moving_not_allowed": lazy_gettext("Din kommune giver ikke mulighed for at flytte en træning her. Ring til træningsstedet."),
    "not_movable": lazy_gettext("Du kan kun flytte en træning, der er aftalt og ikke begyndt."),
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
        "schedule_next_session": presenters.next_session_for_actor,
        "schedule_decision_for": presenters.decision_for_block,
        "schedule_flagged": presenters.flagged_cases_for_actor,
        "schedule_may_decide": services.may_decide,
        "decision_outcome_label": lambda outcome: str(presenters.OUTCOME_LABELS.get(outcome, outcome)),
    }


# ------------------------------------------------------------------ answers

def _row_request(booking: Booking) -> bool:
    """An htmx request aimed at this session's row."""
    return bool(htmx) and htmx.target == f"session-{booking.reference}"


def _on_session_page(booking: Booking) -> bool:
    """The row lives on the session's own page (htmx says where it was clicked)."""
    current = urlparse(htmx.current_url or "").path if htmx else ""
    return current == url_for("schedule.session", reference=booking.reference)


def _row(view, status: int = 200, **context):
    """The session's row (htmx), as it looks where it was clicked."""
    return render_template("schedule/_session.html", s=view, session_page=_on_session_page(view.booking),
                           **context), status


def _plan_request() -> bool:
    return bool(htmx) and htmx.target == "plan"


def _refusal_status() -> int:
    # A POST that meets a state it cannot change is a conflict; a GET just says why.
    return 409 if request.method == "POST" else 200


def _cannot(view, title: str, text: str):
    """The reason in place: the row with a notice for htmx, else a page that says why."""
    if _row_request(view.booking):
        return _row(view, _refusal_status(), notice=text)
    return render_template("schedule/cannot.html", s=view, m=view.m, title=title, text=text), _refusal_status()


def _row_update(booking: Booking, message: str):
    """The session's row in its new state, and the summary above the list (out of band)."""
    if _on_session_page(booking):
        return _row(session_view(booking), row_message=message)
    plan = presenters.plan_view(actor().citizen)
    return render_template("schedule/_session_update.html", s=session_view(booking), row_message=message,
                           focus=booking.reference, **plan.context())


def _plan_update(focus: str | None, message: str | None, **extra):
    """The whole plan, for a change that touched more than one row."""
    plan = presenters.plan_view(actor().citizen)
    html = render_template("schedule/_plan_body.html", focus=focus, message=message, **plan.context(), **extra)
    return html, {"HX-Retarget": "#plan", "HX-Reswap": "outerHTML"}


# ======================================================== citizen: decision

@bp.get("/mine-sager/<reference>/afgoerelse")
@access.citizen("case", "view", read="decision.view", keep="citizen")
def decision(case):
    return _decision_page(case, "schedule/decision.html")


@bp.get("/mine-sager/<reference>/afgoerelse/udskriv")
@access.citizen("case", "view", read="decision.view", keep="citizen")
def decision_print(case):
    return _decision_page(case, "schedule/decision_print.html")


def _decision_page(case, template: str):
    decision = services.latest_decision(case)
    if decision is None:
        raise access.not_found()
    return render_template(template, **presenters.decision_letter(case, decision))


# ============================================================ citizen: plan

@bp.get("/traeningsplan")
@access.citizen_page("view", read="schedule.view", read_ref="traeningsplan", keep="citizen")
def plan():
    context = presenters.plan_view(actor().citizen).context()
    return render_template("schedule/_plan_body.html" if _plan_request() else "schedule/plan.html", **context)


@bp.get("/traeningsplan/<reference>")
@access.citizen("booking", "view", keep="citizen")
def session(booking):
    view = session_view(booking)
    if _row_request(booking):
        return _row(view)
    return render_template("schedule/session.html", s=view, m=view.m, moved_to=services.moved_to(booking))


@bp.route("/traeningsplan/<reference>/afbud", methods=["GET", "POST"])
@access.citizen("booking", "cancel")
def cancel(booking):
    view = session_view(booking)
    if not view.can_cancel:
        if booking.status == CANCELLED and not _row_request(booking):
            return redirect(url_for("schedule.receipt", reference=booking.reference))
        return _cannot(view, gettext("Du kan ikke melde afbud"), str(ERRORS["not_cancellable"]))
    form = CancelForm()
    if request.method == "GET":
        return _cancel_form(view, form, "choose")
    if not form.validate_on_submit():
        return _cancel_form(view, form, "choose", status=400)
    return _cancel_step(booking, view, form)


def _cancel_step(booking: Booking, view, form: CancelForm):
    """First the consequence; shown again if it changed while the page was open; then the afbud."""
    reason = Reason(form.reason.data)
    outcome = services.outcome_for(booking, reason)
    shown = "on_time" if outcome.on_time else "late"
    if form.step.data != "confirm" or form.shown.data != shown:
        return _cancel_form(view, form, "preview", outcome=outcome, shown=shown, changed=form.step.data == "confirm")
    services.cancel(booking, reason, actor().person)
    if _row_request(booking):
        return _row_update(booking, gettext("Dit afbud er registreret."))
    return redirect(url_for("schedule.receipt", reference=booking.reference))


def _cancel_form(view, form, panel: str, status: int = 200, **extra):
    context = {"s": view, "form": form, "panel": panel, "m": view.m,
               "rules": presenters.cancellation_rules(view.m), **extra}
    if "outcome" in extra:
        context["reason_label"] = presenters.REASON_LABELS[form.reason.data]
    if _row_request(view.booking):
        return _row(view, status, **{k: v for k, v in context.items() if k != "s"})
    return render_template("schedule/cancel.html", **context), status


@bp.get("/traeningsplan/<reference>/afbud/kvittering")
@access.citizen("booking", "view")
def receipt(booking):
    if booking.status != CANCELLED:
        return redirect(url_for("schedule.session", reference=booking.reference))
    view = session_view(booking)
    slots = services.free_slots_for(booking) if view.can_choose_replacement and actor().may("cancel") else []
    form = ChooseSlotForm()
    form.slot.choices = presenters.slot_choices(slots)
    return render_template("schedule/receipt.html", s=view, m=view.m, form=form, slots=slots,
                           reason_label=presenters.reason_label)


@bp.post("/traeningsplan/<reference>/afbud/fortryd")
@access.citizen("booking", "cancel")
def undo(booking):
    try:
        released = services.undo_cancellation(booking, actor().person)
    except services.ScheduleError as error:
        db.session.rollback()
        text = str(ERRORS.get(error.code, ERRORS["undo_too_late"]))
        if _row_request(booking):
            return _row(session_view(booking), 409, notice=text)
        flash(text, "warning")
        return redirect(url_for("schedule.receipt", reference=booking.reference))
    message = gettext("Dit afbud er fortrudt. Du kommer til træningen som aftalt.")
    if released is not None:
        message += " " + gettext("Erstatningstiden er givet tilbage.")
        if htmx and not _on_session_page(booking):  # the replacement's row leaves the list too
            return _plan_update(booking.reference, message)
    if _row_request(booking):
        return _row_update(booking, message)
    flash(message, "success")
    return redirect(url_for("schedule.plan") + f"#session-{booking.reference}")


@bp.route("/traeningsplan/<reference>/erstatning", methods=["GET", "POST"])
@access.citizen("booking", "cancel")
def replacement(booking):
    view = session_view(booking)
    verdict = view.can_choose_replacement
    if not verdict:
        return _cannot(view, gettext("Du kan ikke vælge en erstatningstid"), str(ERRORS[verdict.reason]))
    return _choose_slot(booking, view, "replacement")


@bp.route("/traeningsplan/<reference>/flyt", methods=["GET", "POST"])
@access.citizen("booking", "cancel")
def move(booking):
    view = session_view(booking)
    verdict = view.can_move
    if not verdict:
        text = str(ERRORS["not_movable" if verdict.reason == "not_cancellable" else verdict.reason])
        if verdict.reason == "move_too_late":
            text = gettext("Fristen for at flytte træningen var %(when)s. Du kan stadig melde afbud.",
                           when=presenters.when(view.move_deadline))
        return _cannot(view, gettext("Du kan ikke flytte træningen"), text)
    return _choose_slot(booking, view, "move")


def _choose_slot(booking: Booking, view, mode: str):
    """The replacement and the move pages: the same list of free times, different rules."""
    slots = services.free_slots_for(booking)
    form = ChooseSlotForm()
    form.slot.choices = presenters.slot_choices(slots)
    if request.method == "GET":
        return _slot_form(view, form, slots, mode)
    if not form.validate_on_submit():
        return _slot_form(view, form, slots, mode, status=400)
    target = next((slot for slot in slots if str(slot.id) == form.slot.data), None)
    try:
        new, message = _take_slot(booking, target, mode)
    except services.ScheduleError as error:
        db.session.rollback()
        form.slot.errors.append(str(ERRORS.get(error.code, ERRORS["not_offered"])))
        form.slot.data = None
        slots = services.free_slots_for(booking)
        form.slot.choices = presenters.slot_choices(slots)
        return _slot_form(view, form, slots, mode, status=409)
    if _plan_request():
        return _plan_update(new.reference, message)
    flash(message, "success")
    return redirect(url_for("schedule.plan") + f"#session-{new.reference}")


def _take_slot(booking: Booking, target: Slot | None, mode: str) -> tuple[Booking, str]:
    if target is None:
        raise services.SlotFull(None)  # not among the free times any more: someone took it meanwhile
    if mode == "replacement":
        new = services.choose_replacement(booking, target, actor().person)
        return new, gettext("Din erstatningstræning er booket: %(when)s.", when=presenters.when(new.slot.starts_at))
    new = services.move(booking, target, actor().person)
    return new, gettext("Din træning er flyttet til %(when)s.", when=presenters.when(new.slot.starts_at))


def _slot_form(view, form, slots, mode: str, status: int = 200):
    context = {"m": view.m, "form": form, "slots": slots, "mode": mode, "move_deadline": view.move_deadline}
    if _plan_request():
        plan = presenters.plan_view(actor().citizen).context()
        return render_template("schedule/_plan_body.html", **{**plan, "form": form, "slots": slots, "mode": mode,
                               "move_deadline": view.move_deadline, "open_panel": view.reference}), status
    if _row_request(view.booking):
        return _row(view, status, panel="choose_slot", **context)
    template = "schedule/replacement.html" if mode == "replacement" else "schedule/move.html"
    return render_template(template, s=view, **context), status


# ========================================================== citizen: calendar

@bp.get("/traeningsplan/<reference>/kalender.ics")
@access.citizen("booking", "view", read="booking.calendar")
def session_ics(booking):
    return Response(ics.session_file(booking), mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="traening-{booking.reference}.ics"',
        "Cache-Control": "private, no-store",
    })


@bp.get("/kalender")
@access.citizen_page("view", self_only=True)
def calendar():
    person = actor().person
    feed_url = url_for("schedule.calendar_feed", token=person.calendar_token, _external=True) if person.calendar_token else None
    webcal_url = feed_url.replace("https://", "webcal://").replace("http://", "webcal://") if feed_url else None
    return render_template("schedule/calendar.html", feed_url=feed_url, webcal_url=webcal_url)


@bp.post("/kalender/forny")
@access.citizen_page("view", self_only=True)
def calendar_renew():
    person = actor().person
    had_one = person.calendar_token is not None
    services.renew_calendar_token(person)
    if had_one:
        flash(gettext("Du har fået en ny adresse. Den gamle virker ikke længere. Tilføj den nye adresse i din kalender."), "success")
    else:
        flash(gettext("Dit kalenderabonnement er klar. Tilføj adressen i din kalender."), "success")
    return redirect(url_for("schedule.calendar"))


@bp.post("/kalender/stop")
@access.citizen_page("view", self_only=True)
def calendar_stop():
    services.stop_calendar(actor().person)
    flash(gettext("Kalenderabonnementet er stoppet. Adressen virker ikke længere."), "success")
    return redirect(url_for("schedule.calendar"))


@bp.get("/kalender/<token>.ics")
def calendar_feed(token: str):
    """The subscription: the unguessable token in the address is the only key."""
    person = services.person_with_calendar(token) if presenters.is_calendar_token(token) else None
    if person is None:
        abort(404)
    bookings = services.calendar_feed_bookings(person)
    services.record_feed_read(person)
    db.session.commit()
    return Response(ics.feed(bookings), mimetype="text/calendar", headers={"Cache-Control": "private, max-age=900"})


# ============================================================ staff: decision

@bp.route("/medarbejder/sager/<reference>/afgoerelse", methods=["GET", "POST"])
@access.staff("case", "visitator", read="decision.staff_view")
def decide(case):
    m = municipalities.get(case.municipality_id)
    existing = services.latest_decision(case)
    if existing is not None:
        return decided_page(case, existing, m, _refusal_status())
    if not services.may_decide(case):
        return not_decidable_page(case, m, services.may_decide(case).reason, _refusal_status())
    form = DecisionForm(m, law=case.law)
    if request.method == "GET":
        return decision_form_page(case, form, m, prefill=True)
    if request.form.get("action") == "refresh":  # another offer chosen: its choices, with everything kept
        return decision_form_page(case, form, m)
    if not form.validate_on_submit():
        return decision_form_page(case, form, m, status=400)
    services.record_decision(case, actor().staff, form.fields())
    flash(gettext("Afgørelsen er gemt, og %(name)s har fået besked.", name=case.citizen.name), "success")
    return redirect(url_for("schedule.decide", reference=case.reference))


# ========================================================= staff: scheduling

@bp.get("/medarbejder/traening")
@access.staff_page(*THERAPY)
def staff_overview():
    staff = actor().staff
    overview = services.staff_overview(staff)
    return render_template("schedule/staff/overview.html", m=municipalities.get(staff.municipality_id),
                           slots=overview.slots, unmarked=overview.unmarked, courses=overview.courses,
                           offer_name=presenters.offer_name)


@bp.get("/medarbejder/traening/forloeb/<reference>")
@access.staff("case", *THERAPY, read="course.staff_view")
def staff_course(case):
    return course_page(case)


@bp.post("/medarbejder/traening/forloeb/<reference>/book")
@access.staff("case", *THERAPY)
def staff_book(case):
    decision = services.bookable_decision(case)
    if decision is None:
        raise access.not_found()
    slots = services.free_slots(case.municipality_id, decision.offer_id, citizen_id=case.citizen_id)
    form = ChooseSlotForm()
    form.slot.choices = presenters.slot_choices(slots)
    if not form.validate_on_submit():
        return course_page(case, form, 400)
    target = next((slot for slot in slots if str(slot.id) == form.slot.data), None)
    if target is not None and form.overlap_ok.data != str(target.id):
        clash = services.overlapping(case.citizen_id, target.starts_at, target.ends_at)
        if clash:  # told before booking a second place at the same time
            return course_page(case, form, 200, overlap=clash, target=target)
    try:
        if target is None:
            raise services.SlotFull(None)
        services.book_existing(actor().staff, case, target)
    except services.ScheduleError as error:
        db.session.rollback()
        form.slot.errors.append(staff_error(error))
        return course_page(case, form, 409)
    flash(gettext("%(name)s er booket %(when)s.", name=case.citizen.name, when=presenters.when(target.starts_at)), "success")
    return redirect(url_for("schedule.staff_course", reference=case.reference))


@bp.route("/medarbejder/traening/ny", methods=["GET", "POST"])
@access.staff_page(*THERAPY)
def staff_new():
    staff = actor().staff
    m = municipalities.get(staff.municipality_id)
    case = optional_case(request.values.get("case") or request.values.get("sag") or "")
    form = SlotForm(m)
    if request.method == "GET":
        new_slot_defaults(form, staff, m, case)
        return new_slot_page(form, m, case)
    if not form.validate_on_submit():
        return new_slot_page(form, m, case, status=400)
    days, skipped = new_slot_days(form)
    if days is None:
        return new_slot_page(form, m, case, status=400)
    try:
        created = services.create_slots(
            staff, offer_id=form.offer_id.data, form=form.form.data, starts=[form.start_on(day) for day in days],
            minutes=form.minutes.value, place=form.place.data.strip(), therapist=form.therapist.data.strip(),
            capacity=form.places, case=case,
        )
    except services.ScheduleError as error:
        db.session.rollback()
        (form.first_day if error.code in ("in_the_past", "no_days") else form.offer_id).errors.append(staff_error(error))
        return new_slot_page(form, m, case, status=400, skipped=skipped)
    return render_template("schedule/staff/created.html", m=m, case=case, slots=created.slots, skipped=skipped,
                           offer_name=presenters.offer_name)


@bp.get("/medarbejder/traening/<slot_id>")
@access.staff("slot", *THERAPY, param="slot_id", keep=True)
def staff_slot(slot):
    return slot_page(slot)


@bp.post("/medarbejder/traening/<slot_id>/fremmoede")
@access.staff("slot", *THERAPY, param="slot_id")
def staff_attendance(slot):
    form = AttendanceForm()
    if not form.validate_on_submit() or form.status.data not in (ATTENDED, NO_SHOW):
        return slot_page(slot, gettext("Vælg mødt eller udeblevet for en deltager."), 400)
    booking = services.slot_booking(slot, form.booking.data) if access.is_reference(form.booking.data) else None
    if booking is None:
        raise access.not_found()
    access.lock(booking)
    try:
        flagged = services.mark_attendance(booking, form.status.data == ATTENDED, actor().staff)
    except services.ScheduleError as error:
        db.session.rollback()
        return slot_page(slot, staff_error(error), 409)
    if flagged:
        flash(gettext("%(name)s er udeblevet for mange gange. Forløbet er markeret til ny vurdering, og borgeren har fået besked.",
                      name=booking.citizen.name), "warning")
    else:
        flash(gettext("Fremmøde er registreret for %(name)s.", name=booking.citizen.name), "success")
    if request.form.get("back") == "course":
        return redirect(url_for("schedule.staff_course", reference=booking.case.reference, _anchor=f"booking-{booking.reference}"))
    return redirect(url_for("schedule.staff_slot", slot_id=slot.id))


@bp.route("/medarbejder/traening/<slot_id>/aflys", methods=["GET", "POST"])
@access.staff("slot", *THERAPY, param="slot_id")
def staff_cancel_slot(slot):
    if not services.may_cancel_slot(slot):
        return slot_page(slot, slot_refusal(services.may_cancel_slot(slot)), _refusal_status())
    affected = services.booked_on(slot)
    form = CancelSlotForm()
    options = services.replacement_options(slot, affected)
    form.replacement.choices = presenters.slot_choices(options) + [("new", gettext("En ny tid"))]
    if request.method == "GET" or not form.validate_on_submit():
        return cancel_slot_page(slot, form, affected, status=200 if request.method == "GET" else 400)
    replacement = next((o for o in options if str(o.id) == form.replacement.data), None)
    if affected and form.replacement.data != "new" and replacement is None:
        form.replacement.errors.append(staff_error(services.ScheduleError("replacement_required")))
        return cancel_slot_page(slot, form, affected, status=400)
    try:
        new = services.cancel_slot(slot, actor().staff, form.note.data.strip(), replacement=replacement,
                                   new_start=form.new_start if affected else None)
    except services.ScheduleError as error:
        db.session.rollback()
        (form.new_day if error.code == "in_the_past" else form.replacement).errors.append(staff_error(error))
        return cancel_slot_page(slot, form, services.booked_on(slot), status=400)
    flash(slot_cancelled_message(new), "success")
    return redirect(url_for("schedule.staff_slot", slot_id=slot.id))
