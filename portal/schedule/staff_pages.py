"""The therapist's and the visitator's schedule pages, built from the services'
reads: the URL map in views.py hands them locked, authorised objects."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import gettext, ngettext

from portal import access, audit, clock, i18n, municipalities
from portal.extensions import htmx
from portal.auth.current import actor
from portal.cases.models import Case
from portal.municipalities import wording
from portal.rules.calendar import day_off_name, is_business_day
from portal.rules.series import series_days

from . import presenters, services
from .forms import AttendanceForm, ChooseSlotForm, DecisionForm, SlotForm
from .models import ATTENDED, BOOKED, NO_SHOW, Decision, Slot

THERAPY = ("terapeut", "leder")


def staff_error(error: services.ScheduleError) -> str:
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


# ----------------------------------------------------------------- decision

def decided_page(case: Case, decision: Decision, m, status: int):
    if status == 409:
        from flask import flash

        flash(gettext("Sagen har allerede en afgørelse. Der er ikke gemt noget nyt."), "warning")
    return render_template("schedule/staff/decided.html", case=case, decision=decision, m=m), status


def not_decidable_page(case: Case, m, reason: str | None, status: int):
    return render_template("schedule/staff/not_decidable.html", case=case, m=m, withdrawn=reason == "withdrawn",
                           awaiting=reason == "awaiting_confirmation"), status


def decision_form_page(case: Case, form: DecisionForm, m, *, prefill: bool = False, status: int = 200):
    if prefill:
        _prefill_decision(form, case, m)
    form.limit_to_offer()
    if htmx and htmx.target == "granted-fields":
        return render_template("schedule/staff/_granted_fields.html", form=form), status
    return render_template("schedule/staff/decide.html", case=case, form=form, m=m,
                           complaint_rule=wording.deadline_rule_about(m.deadlines.complaint, gettext("borgeren"))), status


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


# ------------------------------------------------------------------ courses

def course_page(case: Case, form: ChooseSlotForm | None = None, status: int = 200, *, overlap=None, target=None):
    decision = services.bookable_decision(case)
    if decision is None:
        raise access.not_found()
    slots = services.free_slots(case.municipality_id, decision.offer_id, citizen_id=case.citizen_id)
    form = form or ChooseSlotForm()
    form.slot.choices = presenters.slot_choices(slots)
    return render_template(
        "schedule/staff/course.html", case=case, decision=decision, m=municipalities.get(case.municipality_id),
        bookings=services.course_bookings(case), form=form, slots=slots, used=services.sessions_used(case),
        no_shows=services.no_shows(case), status_label=presenters.status_label, offer_name=presenters.offer_name,
        overlap=overlap or [], target=target, attendance_form=AttendanceForm(), now=clock.now(),
        BOOKED=BOOKED, ATTENDED=ATTENDED, NO_SHOW=NO_SHOW,
    ), status


def optional_case(reference: str) -> Case | None:
    """A new slot may be made for one citizen's course (?sag=): their municipality's, with a bookable decision."""
    if not reference:
        return None
    case = access.KINDS["case"].find(reference)
    if case is None or case.municipality_id != actor().staff.municipality_id or services.bookable_decision(case) is None:
        raise access.not_found()
    return case


def new_slot_defaults(form: SlotForm, staff, m, case: Case | None) -> None:
    provider = m.contact(m.complaints.training_provider)
    place = services.last_place(staff.municipality_id)
    form.place.data = place or (f"{provider.name}, {provider.address}" if provider.address else provider.name)
    form.therapist.data = staff.name
    form.form.data = "individuel"
    form.capacity.data = "1"
    form.case.data = case.reference if case else ""
    decision = services.bookable_decision(case) if case else None
    offer = m.offer(decision.offer_id) if decision and decision.offer_id else None
    if offer:
        form.offer_id.data = offer.id
    form.minutes.data = str((decision.session_minutes if decision else None) or (offer.session_minutes if offer else None) or 45)
    form.weeks.data = "4"
    if decision and decision.form in ("individuel", "hold", "bassin", "hjemme"):
        form.form.data = decision.form


def new_slot_days(form: SlotForm) -> tuple[list[date] | None, list]:
    """The days a new time (or series) falls on, and the days off it skipped;
    None when the one day asked for is not a hverdag (the field says why)."""
    if form.repeat.data == "series":
        series = series_days(form.first_day.data, [int(day) for day in form.weekdays.data], form.weeks.value)
        return series.days, series.skipped
    day = form.first_day.data
    if is_business_day(day):
        return [day], []
    holiday, words = day_off_name(day), i18n.long_date(day)
    form.first_day.errors.append(
        gettext("%(day)s er ikke en hverdag (%(name)s). Vælg en anden dato.", day=words, name=holiday) if holiday
        else gettext("%(day)s er ikke en hverdag. Vælg en anden dato.", day=words))
    return None, []


def new_slot_page(form: SlotForm, m, case: Case | None, *, status: int = 200, skipped=None):
    return render_template("schedule/staff/new.html", form=form, m=m, case=case, skipped=skipped or []), status


# -------------------------------------------------------------------- slots

def slot_page(slot: Slot, error: str | None = None, status: int = 200):
    """The people on a session, for attendance; each one's appearance here is a read of their case."""
    bookings = services.slot_bookings(slot)
    for booking in bookings:
        audit.record("slot.staff_view", "booking", booking.reference, subject=booking.citizen_id)
    return render_template(
        "schedule/staff/slot.html", slot=slot, bookings=bookings, m=municipalities.get(slot.municipality_id), error=error,
        now=clock.now(), status_label=presenters.status_label, offer_name=presenters.offer_name,
        no_shows=_counted(services.no_shows_by_case(sorted({b.case_id for b in bookings}))),
        form=AttendanceForm(), BOOKED=BOOKED, ATTENDED=ATTENDED, NO_SHOW=NO_SHOW,
    ), status


def cancel_slot_page(slot: Slot, form, affected, *, status: int = 200):
    return render_template("schedule/staff/cancel_slot.html", slot=slot, m=municipalities.get(slot.municipality_id),
                           form=form, affected=affected, offer_name=presenters.offer_name,
                           same_day=slot.starts_at.date() == clock.today()), status


def slot_refusal(verdict) -> str:
    if verdict.reason == "already_cancelled":
        return gettext("Træningen er allerede aflyst.")
    return gettext("Træningen er allerede aflyst eller begyndt.")


def slot_cancelled_message(new_bookings: list) -> str:
    if not new_bookings:
        return gettext("Træningen er aflyst. Ingen var booket på den.")
    return ngettext("Træningen er aflyst. %(num)d borger har fået erstatningstid %(when)s og besked om det.",
                    "Træningen er aflyst. %(num)d borgere har fået erstatningstid %(when)s og besked om det.",
                    len(new_bookings), when=presenters.when(new_bookings[0].slot.starts_at))


def _counted(counts: dict[int, int]):
    """no_shows(case) read from counts made in one query."""
    return lambda case: counts.get(case.id, 0)
