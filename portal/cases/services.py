"""Changes to cases: creating one from an application, the citizen confirming
or rejecting a relative's application, withdrawing consent, and the
visitation meeting. Services flush and never commit: the view owns the
transaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import exists, func, select, union_all
from sqlalchemy.orm import joinedload

from portal import audit, clock, municipalities
from portal.apply import questions as q
from portal.auth.models import Person, StaffMember
from portal.extensions import db
from portal.rules import states
from portal.rules.deadlines import deadline_date

from .models import AWAITING_CONFIRMATION, RECEIVED, VISITATION, WITHDRAWN, Case, Consent, new_reference


class CaseError(ValueError):
    """A change the case's state does not allow."""


def may_withdraw(case: Case) -> states.Verdict:
    """A citizen may withdraw their application until the decision is made."""
    return states.may_withdraw(case.status)


def may_confirm(case: Case) -> states.Verdict:
    return states.may_confirm(case.status)


def may_record_visitation(case: Case) -> states.Verdict:
    return states.may_record_visitation(case.status)


def cases_of(citizen: Person) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.citizen_id == citizen.id).order_by(Case.received_at.desc())))


def open_cases(municipality_id: str, *, page: int = 1, per_page: int = 50) -> tuple[list[Case], int]:
    """The visitation's inbox, one page of it: received or in visitation, the
    earliest promised answer first (those without a promise last), and how
    many there are in all.

    A page costs what it shows, however long the queue: the order runs along
    ix_case_queue in four pieces (each status, with and without a promised
    answer), each read only as far as this page reaches, and the four merged;
    then the page's own cases are loaded. One ORDER BY over the whole queue
    would read and sort every open case on every visit."""
    waiting = (Case.municipality_id == municipality_id) & Case.status.in_((RECEIVED, VISITATION))
    total = db.session.scalar(select(func.count()).select_from(Case).where(waiting)) or 0
    skip = (max(page, 1) - 1) * per_page
    reach = skip + per_page
    pieces = []
    for status in (RECEIVED, VISITATION):
        queue = select(Case.id, Case.response_due, Case.received_at).where(
            Case.municipality_id == municipality_id, Case.status == status)
        pieces.append(queue.where(Case.response_due.is_not(None))
                      .order_by(Case.response_due, Case.received_at, Case.id).limit(reach).subquery())
        pieces.append(queue.where(Case.response_due.is_(None))
                      .order_by(Case.received_at, Case.id).limit(reach).subquery())
    merged = union_all(*(select(piece) for piece in pieces)).subquery()
    ids = list(db.session.scalars(
        select(merged.c.id)
        .order_by(merged.c.response_due.is_(None), merged.c.response_due, merged.c.received_at, merged.c.id)
        .offset(skip).limit(per_page)))
    if not ids:
        return [], total
    found = {case.id: case for case in db.session.scalars(
        select(Case).where(Case.id.in_(ids)).options(joinedload(Case.citizen)))}  # the citizen's name on every row
    return [found[case_id] for case_id in ids if case_id in found], total


def unconfirmed_cases(municipality_id: str) -> list[Case]:
    """Applications from relatives that the citizen has not confirmed yet."""
    return list(db.session.scalars(
        select(Case).where(Case.municipality_id == municipality_id, Case.status == AWAITING_CONFIRMATION)
        .order_by(Case.received_at)))


def awaiting_confirmation(citizen: Person) -> list[Case]:
    """Applications a relative sent for the citizen, waiting for the citizen to confirm."""
    return list(db.session.scalars(
        select(Case).where(Case.citizen_id == citizen.id, Case.status == AWAITING_CONFIRMATION)
        .order_by(Case.received_at)))


def _to(case: Case, status: str) -> None:
    """A step in the case's life, as the rules allow it (portal.rules.states)."""
    states.check_case_transition(case.status, status)
    case.status = status


def unique_reference() -> str:
    """A fresh reference; a collision (1 in 387 million) just draws again."""
    for _ in range(20):
        reference = new_reference()
        if not db.session.scalar(select(exists().where(Case.reference == reference))):
            return reference
    raise RuntimeError("could not draw a free case reference")


def response_due(municipality_id: str, received: date, law: str | None = None) -> date | None:
    """The municipality's promised answer date, from its rules (DOMAIN.md §5);
    None where the offer's section promises none (Herlev's vedligeholdende træning)."""
    m = municipalities.get(municipality_id)
    promise = m.promise("response", law) if law else m.deadlines.response
    return deadline_date(promise.rule, received) if promise else None


def consent_summary(consents: dict[str, bool]) -> str:
    """"gp=ja,hospital=nej,…": for the audit log (no health details)."""
    return ",".join(f"{source}={'ja' if consents.get(source) else 'nej'}" for source in q.CONSENT_BY_ID)


def create_case(
    *, citizen: Person, applied_by: Person, applied_as: str, municipality_id: str, law: str,
    answers: dict, consents: dict[str, bool], token: str | None = None, received_at: datetime | None = None,
) -> Case:
    """A new case from a submitted application. A relative without a fuldmagt
    makes a case that waits for the citizen's confirmation; the promised date
    then counts from the confirmation."""
    received_at = received_at or clock.now()
    awaiting = applied_as == "relative_declared"
    case = Case(
        reference=unique_reference(), citizen_id=citizen.id, municipality_id=municipality_id, law=law,
        status=AWAITING_CONFIRMATION if awaiting else RECEIVED, received_at=received_at,
        response_due=None if awaiting else response_due(municipality_id, received_at.date(), law),
        applied_by_id=applied_by.id, applied_as=applied_as, answers=answers, application_token=token,
    )
    db.session.add(case)
    db.session.flush()
    for source in q.CONSENT_BY_ID:
        db.session.add(Consent(case_id=case.id, source=source, given=bool(consents.get(source)),
                               answered_at=received_at, answered_by_id=applied_by.id))
    db.session.flush()
    audit.record("application.submit", "case", case.reference, subject=citizen,
                 detail=f"applied_as={applied_as}; samtykke: {consent_summary(consents)}")
    return case


def confirm(case: Case, by: Person) -> None:
    """The citizen confirms a relative's application: now it counts as received."""
    if not may_confirm(case):
        raise CaseError("not awaiting confirmation")
    now = clock.now()
    _to(case, RECEIVED)
    case.confirmed_at = now
    case.response_due = response_due(case.municipality_id, now.date(), case.law)
    db.session.flush()
    audit.record("case.confirm", "case", case.reference, subject=case.citizen_id)


def reject(case: Case, by: Person) -> None:
    """The citizen rejects a relative's application: it is withdrawn."""
    if not may_confirm(case):
        raise CaseError("not awaiting confirmation")
    _to(case, WITHDRAWN)
    case.withdrawn_at = clock.now()
    db.session.flush()
    audit.record("case.reject", "case", case.reference, subject=case.citizen_id)


def withdraw(case: Case, by: Person) -> None:
    if not may_withdraw(case):
        raise CaseError("not open")
    _to(case, WITHDRAWN)
    case.withdrawn_at = clock.now()
    db.session.flush()
    audit.record("case.withdraw", "case", case.reference, subject=case.citizen_id)


def withdraw_consent(case: Case, source: str, by: Person) -> Consent:
    """From now on the municipality may not gather information from `source`;
    what it already has, it may still use."""
    consent = case.consent(source)
    if consent is None or not consent.in_force:
        raise CaseError("no consent in force for that source")
    consent.withdrawn_at = clock.now()
    consent.withdrawn_by_id = by.id
    db.session.flush()
    audit.record("consent.withdraw", "case", case.reference, subject=case.citizen_id, detail=f"kilde={source}")
    return consent


def record_visitation(case: Case, held_on: date, note: str, by: StaffMember | None) -> None:
    if not may_record_visitation(case):
        raise CaseError("the case is not open for visitation")
    case.visitation_on = held_on
    case.visitation_note = note
    case.visitation_by_id = by.id if by else None
    _to(case, VISITATION)
    db.session.flush()
    audit.record("case.visitation", "case", case.reference, subject=case.citizen_id)


def _open_for_offer():
    """SQL for portal.rules.states.is_open_for_the_offer: open, and not a decided rejection."""
    from portal.schedule.models import REJECTED, Decision

    # Correlated, so each case looks up its own decisions (ix_decision_case_id): an IN over every
    # rejection there is would read the whole decision table whenever a decided case came up.
    rejected = exists().where(Decision.case_id == Case.id, Decision.outcome == REJECTED)
    return Case.status.in_([status.value for status in states.OPEN_CASE_STATUSES]) & ~(
        (Case.status == states.CaseStatus.DECIDED.value) & rejected)


def open_case_for(citizen: Person, municipality_id: str, law: str) -> Case | None:
    """The citizen's open case for the same offer, if there is one (a new application would duplicate it)."""
    return db.session.scalar(
        select(Case).where(Case.citizen_id == citizen.id, Case.municipality_id == municipality_id, Case.law == law,
                           _open_for_offer()).order_by(Case.received_at).limit(1))


def duplicates_among(municipality_id: str, citizen_ids: list[int]) -> dict[tuple[int, str], list[str]]:
    """For the visitation's queue, in one query: (citizen, law) → the references of
    every open case of that citizen for that offer, where there is more than one."""
    if not citizen_ids:
        return {}
    rows = db.session.execute(
        select(Case.citizen_id, Case.law, Case.reference)
        .where(Case.municipality_id == municipality_id, Case.citizen_id.in_(citizen_ids), _open_for_offer())
        .order_by(Case.received_at))
    found: dict[tuple[int, str], list[str]] = {}
    for citizen_id, law, reference in rows:
        found.setdefault((citizen_id, law), []).append(reference)
    return {key: refs for key, refs in found.items() if len(refs) > 1}
