"""A case's timeline: modtaget → visitation → afgørelse → træning → afsluttet,
each step with the date the municipality promised (from its rules) and
whether the promise was kept. Shared by the citizen's pages and the
visitation inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import i18n, municipalities
from portal.extensions import db
from portal.municipalities.schema import Municipality
from portal.rules.deadlines import deadline_date

from .models import AWAITING_CONFIRMATION, TRAINING, WITHDRAWN, Case

RECEIVED_STEP, VISITATION_STEP, DECISION_STEP, TRAINING_STEP, CLOSED_STEP = (
    "received", "visitation", "decision", "training", "closed")

STEP_TITLES = {
    RECEIVED_STEP: _l("Modtaget"),
    VISITATION_STEP: _l("Visitation"),
    DECISION_STEP: _l("Afgørelse"),
    TRAINING_STEP: _l("Træning"),
    CLOSED_STEP: _l("Afsluttet"),
}

# Which step keeps the municipality's first promise (deadlines.response.event).
RESPONSE_STEP = {
    "decision": DECISION_STEP,
    "handled": DECISION_STEP,
    "contact_visitation": VISITATION_STEP,
    "letter": VISITATION_STEP,
}

STATUS_LABELS = {
    "received": _l("Modtaget"),
    "awaiting_confirmation": _l("Venter på borgerens bekræftelse"),
    "visitation": _l("Visitation"),
    "decided": _l("Afgjort"),
    "training": _l("Træning i gang"),
    "closed": _l("Afsluttet"),
    "withdrawn": _l("Trukket tilbage"),
}


@dataclass
class Step:
    key: str
    title: str
    done_on: date | None = None
    due: date | None = None
    skipped: bool = False  # the case never gets here (withdrawn, rejected)
    in_progress: bool = False  # begun and not finished: the training while it goes on

    @property
    def done(self) -> bool:
        return self.done_on is not None and not self.in_progress

    @property
    def kept(self) -> bool | None:
        """True/False once done with a promise; None without one or before."""
        if self.done_on is None or self.due is None:
            return None
        return self.done_on <= self.due

    def overdue(self, today: date) -> bool:
        return self.done_on is None and not self.skipped and self.due is not None and today > self.due


def latest_decision(case: Case):
    """The case's afgørelse (the schedule capability records it; one answer for every page)."""
    from portal.schedule.services import latest_decision as the_decision

    return the_decision(case)


def _training_started(case: Case) -> date | None:
    from portal.schedule.models import ATTENDED, Booking, Slot

    if case.training_started_on:
        return case.training_started_on
    first = db.session.scalar(
        select(Slot.starts_at).join(Booking, Booking.slot_id == Slot.id)
        .where(Booking.case_id == case.id, Booking.status == ATTENDED).order_by(Slot.starts_at)
    )
    return first.date() if first else None


def _start_anchor(start, case: Case, decision) -> date | None:
    """The day the training-start promise counts from, once it has happened."""
    after = start.after
    if after == "decision":
        return decision.decided_on if decision else None
    if after == "decision_received":
        return decision.received_on if decision else None
    if after == "visitation_visit":
        return case.visitation_on
    return None


def timeline(case: Case, decision=None) -> list[Step]:
    m = municipalities.get(case.municipality_id)
    response_step = _response_key(m, case)
    steps = [Step(key, title) for key, title in i18n.resolved(STEP_TITLES).items()]
    by_key = {step.key: step for step in steps}
    by_key[RECEIVED_STEP].done_on = case.received_at.date()
    by_key[response_step].due = case.response_due
    by_key[VISITATION_STEP].done_on = case.visitation_on
    if decision is not None:
        by_key[DECISION_STEP].done_on = decision.decided_on
    if decision is not None and decision.outcome == "rejected":
        by_key[TRAINING_STEP].skipped = True
        by_key[CLOSED_STEP].skipped = True
    else:
        # A promise belongs to the offer its section describes (DOMAIN.md §5).
        start = m.promise("start", case.law)
        anchor = _start_anchor(start, case, decision) if start else None
        by_key[TRAINING_STEP].due = deadline_date(start.rule, anchor) if anchor else None
        if decision is not None:
            by_key[TRAINING_STEP].done_on = _training_started(case)
            by_key[CLOSED_STEP].done_on = case.closed_on
    # While the training goes on, it is the step the case is at, though it has begun.
    by_key[TRAINING_STEP].in_progress = case.status == TRAINING and by_key[CLOSED_STEP].done_on is None
    if case.status in (WITHDRAWN, AWAITING_CONFIRMATION):
        for step in steps[1:]:
            if not step.done:
                step.skipped = case.status == WITHDRAWN
    return steps


def _response_key(m: Municipality, case: Case) -> str:
    promise = m.promise("response", case.law) or m.deadlines.response
    return RESPONSE_STEP.get(promise.event, DECISION_STEP)


def response_step(case: Case, steps: list[Step]) -> Step:
    key = _response_key(municipalities.get(case.municipality_id), case)
    return next(step for step in steps if step.key == key)


def is_overdue(case: Case, steps: list[Step], today: date) -> bool:
    """The municipality's first promise is broken and still not kept."""
    return response_step(case, steps).overdue(today)
