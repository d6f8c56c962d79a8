"""Drafts and submitting: the draft is saved after every page, and submitting
it makes exactly one case however often it is sent."""

from __future__ import annotations

from sqlalchemy import select

from portal import audit, clock, municipalities
from portal.auth import services as people
from portal.auth.models import Person
from portal.cases import services as cases
from portal.cases.models import Case
from portal.extensions import db
from portal.guide import facts as guide_facts

from . import questions as q
from .flow import FROM_GUIDE, RELATIVE_DECLARED, Flow
from .models import ApplicationDraft


class NotReady(ValueError):
    """The draft still has unanswered pages."""


def open_draft(author: Person, acting_for: Person | None) -> ApplicationDraft | None:
    """The applicant's unsent draft in this role (for oneself, or for a grantor)."""
    query = select(ApplicationDraft).where(
        ApplicationDraft.author_id == author.id, ApplicationDraft.submitted_at.is_(None),
        ApplicationDraft.acting_for_id == acting_for.id if acting_for else ApplicationDraft.acting_for_id.is_(None),
    ).order_by(ApplicationDraft.updated_at.desc())
    return db.session.scalars(query).first()


def start_draft(author: Person, acting_for: Person | None, carried: dict | None = None) -> ApplicationDraft:
    """A fresh draft; an unsent one in the same role is discarded. `carried`:
    answers already given in the guide, so the application does not ask them again."""
    old = open_draft(author, acting_for)
    if old is not None:
        db.session.delete(old)
        db.session.flush()
    now = clock.now()
    answers = dict(carried or {})
    if carried:
        answers[FROM_GUIDE] = sorted(key for key in carried if key in guide_facts.FACT_KEYS)
    draft = ApplicationDraft(author_id=author.id, acting_for_id=acting_for.id if acting_for else None,
                             answers=answers, created_at=now, updated_at=now)
    db.session.add(draft)
    db.session.flush()
    audit.record("application.start", "draft", draft.id, subject=acting_for or author)
    return draft


def save_answers(draft: ApplicationDraft, flow: Flow, updates: dict) -> None:
    """Merge one page's answers and keep only what applies; an answer given
    here again is the person's own, no longer the guide's."""
    carried = [key for key in draft.answers.get(FROM_GUIDE) or () if key not in updates]
    flow.answers = {**draft.answers, **updates, FROM_GUIDE: carried}
    draft.answers = flow.cleaned()  # a new dict, so the JSON column sees the change
    flow.answers = draft.answers
    draft.updated_at = clock.now()
    db.session.flush()


def locked_draft(token: str, author: Person) -> ApplicationDraft | None:
    """The draft by its token, locked until the transaction ends (PostgreSQL),
    so two submits of the same draft run one after the other."""
    return db.session.scalars(
        select(ApplicationDraft).where(ApplicationDraft.token == token, ApplicationDraft.author_id == author.id)
        .with_for_update()
    ).first()


def case_for_token(token: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.application_token == token))


def submit(draft: ApplicationDraft, flow: Flow) -> Case:
    """Turn a complete draft into a case. Raises NotReady if a page is unanswered."""
    if draft.case_id is not None:
        return draft.case
    if flow.first_incomplete() != "tjek":
        raise NotReady(flow.first_incomplete())
    answers = flow.cleaned()
    if flow.applied_as == RELATIVE_DECLARED:
        citizen = people.find_or_create_person(answers["citizen_cpr"], answers["citizen_name"], flow.municipality_id)
    else:
        citizen = flow.known_citizen
        if citizen.municipality_id not in municipalities.all_municipalities():
            citizen.municipality_id = flow.municipality_id
    municipality_id = (citizen.municipality_id if citizen.municipality_id in municipalities.all_municipalities()
                       else flow.municipality_id)
    consents = {source: source in (answers.get("consents") or []) for source in q.CONSENT_BY_ID}
    stored = {key: value for key, value in answers.items() if key not in ("citizen_cpr", "declared", FROM_GUIDE)}
    stored["declared_consent"] = flow.applied_as == RELATIVE_DECLARED
    route = flow.route
    if route is not None:
        # The guide's facts and the rules' answer on the day it was sent, for the visitator.
        stored["routing"] = {**guide_facts.stored_facts(route), "on": flow.today.isoformat()}
    case = cases.create_case(
        citizen=citizen, applied_by=flow.author, applied_as=flow.applied_as, municipality_id=municipality_id,
        law=flow.law, answers=stored, consents=consents, token=draft.token,
    )
    draft.case_id = case.id
    draft.submitted_at = clock.now()
    draft.answers = {}  # the case holds the answers now; the draft keeps only its token
    db.session.flush()
    return case
