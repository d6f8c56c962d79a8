"""Threads, messages, documents and pausing: state changes that flush and never commit.

Every message is recorded in the audit log (so the citizen sees it at
/aktivitet) and, for everyone else on the thread, puts a notice in the
outbox that says only that there is a new message: no text, no health
details. Files are checked before anything is written, and written through
`portal.storage`, which removes them again if the transaction does not commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import audit, clock, storage
from portal.access import lock
from portal.auth.models import Person, StaffMember
from portal.cases.models import Case, new_reference
from portal.extensions import db
from portal.outbox.services import enqueue, notices_wanted
from portal.rules import documents as document_rules
from portal.rules import messages as rules
from portal.rules import states
from portal.rules.cancellation import COPENHAGEN, CancellationOutcome, Reason
from portal.schedule import services as schedule
from portal.schedule.models import BOOKED, CANCELLED, Booking, Slot

from .models import ATTACHMENT, LETTER, MESSAGE, PAUSE, TRAINING, Document, Message, Thread

class MessageError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Upload:
    """A file that passed the checks: its sanitised name, real type and bytes."""

    name: str
    file_type: document_rules.FileType
    data: bytes


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def is_token(value: str | None) -> bool:
    return bool(value) and _TOKEN.match(value) is not None


def _unique(model, prefix: str) -> str:
    while True:
        reference = new_reference(prefix)
        if db.session.scalar(select(model.id).where(model.reference == reference)) is None:
            return reference


# ---------------------------------------------------------------- reads

def threads_of(case: Case) -> list[Thread]:
    return list(db.session.scalars(
        select(Thread).where(Thread.case_id == case.id).order_by(Thread.last_message_at.desc(), Thread.id.desc())))


def threads_answerable_by(staff, case: Case) -> list[Thread]:
    """The case's threads this staff member answers (visitation: visitatorer; training place: terapeuter)."""
    roles = set(staff.role_list)
    return [thread for thread in threads_of(case) if rules.may_answer(thread.recipient, roles)]


def threads_of_citizen(citizen: Person) -> list[Thread]:
    return list(db.session.scalars(
        select(Thread).options(selectinload(Thread.case)).where(Thread.citizen_id == citizen.id)
        .order_by(Thread.last_message_at.desc(), Thread.id.desc())))


def open_cases_of(citizen: Person) -> list[Case]:
    """The cases the citizen can write about (not closed, withdrawn or waiting for the citizen's confirmation)."""
    cases = db.session.scalars(select(Case).where(Case.citizen_id == citizen.id).order_by(Case.received_at.desc()))
    return [case for case in cases if rules.may_write(case.status) and not case.awaiting_confirmation]


def inbox(staff: StaffMember) -> list[Thread]:
    """The threads this member answers (by role), unread first, then the earliest promise."""
    recipients = [recipient for recipient, role in rules.RECIPIENT_ROLE.items() if staff.has_role(role)]
    threads = db.session.scalars(
        select(Thread).options(selectinload(Thread.citizen), selectinload(Thread.case))
        .where(Thread.municipality_id == staff.municipality_id, Thread.recipient.in_(recipients))
        .order_by(Thread.last_message_at.desc()).limit(200))
    return sorted(threads, key=lambda t: (not t.unread_by_staff, t.answered_at is not None, t.answer_due or date.max))


def unread_threads(citizen: Person) -> list[Thread]:
    return list(db.session.scalars(select(Thread).options(selectinload(Thread.case)).where(
        Thread.citizen_id == citizen.id, Thread.unread_by_citizen.is_(True)).order_by(Thread.last_message_at.desc())))


def is_overdue(thread: Thread, today: date) -> bool:
    return rules.is_overdue(thread.answer_due, thread.answered_at is not None, today)


def by_submission(token: str) -> Message | None:
    return db.session.scalar(select(Message).where(Message.submission_token == token))


def letters(case: Case) -> list[Document]:
    return list(db.session.scalars(select(Document).where(
        Document.case_id == case.id, Document.kind == LETTER).order_by(Document.received_at.desc())))


def attachments(case: Case) -> list[Document]:
    return list(db.session.scalars(select(Document).where(
        Document.case_id == case.id, Document.kind == ATTACHMENT).order_by(Document.received_at.desc())))


def own_booking(case: Case, reference: str) -> Booking | None:
    return db.session.scalar(select(Booking).where(Booking.case_id == case.id, Booking.reference == reference))


def upcoming_bookings(case: Case) -> list[Booking]:
    return list(db.session.scalars(
        select(Booking).join(Slot).where(Booking.case_id == case.id, Booking.status == BOOKED,
                                         Slot.starts_at > clock.now()).order_by(Slot.starts_at)))


# ---------------------------------------------------------------- writing

def start_thread(case: Case, author: Person, recipient: str, body: str, uploads: list[Upload], *,
                 booking: Booking | None = None, token: str | None = None, topic: str = MESSAGE) -> Message:
    """A new conversation about `case`; the first answer is promised within 2 hverdage."""
    if recipient not in rules.RECIPIENTS:
        raise MessageError("recipient")
    if not rules.may_write(case.status):
        raise MessageError("case_closed")
    now = clock.now()
    thread = Thread(
        reference=_unique(Thread, "BT"), case_id=case.id, citizen_id=case.citizen_id, municipality_id=case.municipality_id,
        recipient=recipient, booking_id=booking.id if booking else None, topic=topic, created_at=now,
        created_by_id=author.id, answer_due=rules.answer_due(now.astimezone(COPENHAGEN).date()),
        last_message_at=now, unread_by_staff=True, unread_by_citizen=False,
    )
    db.session.add(thread)
    db.session.flush()
    return _add(thread, body, uploads, person=author, token=token, kind=topic)


def reply_as_citizen(thread: Thread, author: Person, body: str, uploads: list[Upload], token: str | None = None) -> Message:
    if not rules.may_write(thread.case.status):
        raise MessageError("case_closed")
    thread.unread_by_staff = True
    return _add(thread, body, uploads, person=author, token=token)


def answer(thread: Thread, staff: StaffMember, body: str, uploads: list[Upload], token: str | None = None) -> Message:
    now = clock.now()
    if thread.answered_at is None:
        thread.answered_at = now
    thread.unread_by_citizen = True
    thread.unread_by_staff = False
    return _add(thread, body, uploads, staff=staff, token=token)


def _add(thread: Thread, body: str, uploads: list[Upload], *, person: Person | None = None,
         staff: StaffMember | None = None, token: str | None = None, kind: str = MESSAGE) -> Message:
    now = clock.now()
    message = Message(thread_id=thread.id, kind=kind, body=body, at=now, author_person_id=person.id if person else None,
                      author_staff_id=staff.id if staff else None, submission_token=token)
    db.session.add(message)
    thread.last_message_at = now
    db.session.flush()
    for upload in uploads:
        _store(upload, thread.case, ATTACHMENT, message=message, person=person, staff=staff)
    action = "message.answer" if staff else ("training.pause" if kind == PAUSE else "message.send")
    audit.record(action, "thread", thread.reference, subject=thread.citizen_id,
                 detail=f"{len(uploads)} bilag" if uploads else "")
    _notify(thread, message)
    return message


def _store(upload: Upload, case: Case, kind: str, *, message: Message | None = None, person: Person | None = None,
           staff: StaffMember | None = None, title: str = "") -> Document:
    key = storage.put(upload.data, upload.file_type.content_type)
    document = Document(
        reference=_unique(Document, "DK"), case_id=case.id, citizen_id=case.citizen_id,
        message_id=message.id if message else None, kind=kind, title=title[:200], filename=upload.name,
        content_type=upload.file_type.content_type, size=len(upload.data), storage_key=key,
        uploaded_by_person_id=person.id if person else None, uploaded_by_staff_id=staff.id if staff else None,
        received_at=clock.now(),
    )
    db.session.add(document)
    db.session.flush()
    return document


def send_letter(case: Case, staff: StaffMember, title: str, upload: Upload) -> Document:
    """A letter from the municipality, shown on the case with the date it was received."""
    document = _store(upload, case, LETTER, staff=staff, title=title)
    audit.record("letter.send", "document", document.reference, subject=case.citizen_id)
    _notice(case.citizen, url_for("cases.case", reference=case.reference, _external=True) if has_request_context() else "")
    return document


def read_document(document: Document) -> bytes:
    return storage.storage().read(document.storage_key)


def mark_read(thread: Thread, *, by_staff: bool) -> None:
    if by_staff and thread.unread_by_staff:
        thread.unread_by_staff = False
    elif not by_staff and thread.unread_by_citizen:
        thread.unread_by_citizen = False


# ------------------------------------------------------------- notices

def _notify(thread: Thread, message: Message) -> None:
    """Everyone on the thread but the author: the citizen, and relatives who wrote in it."""
    people = {thread.citizen_id: thread.citizen}
    for earlier in thread.messages:
        if earlier.author_person is not None:
            people[earlier.author_person_id] = earlier.author_person
    people.pop(message.author_person_id, None)
    today = clock.today()
    people = {pid: person for pid, person in people.items()
              if pid == thread.citizen_id or _may_read(thread.citizen_id, pid, today)}
    link = url_for("messages.thread", reference=thread.reference, _external=True) if has_request_context() else ""
    for person in people.values():
        _notice(person, link)


def _may_read(citizen_id: int, person_id: int, today: date) -> bool:
    """A relative hears of new messages only while the fuldmagt covers them."""
    from portal.auth.current import find_grant

    grant = find_grant(citizen_id, person_id)
    return grant is not None and grant.allows("messages", today)


def _notice(person: Person, link: str) -> None:
    if not notices_wanted():
        return
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "da")):
        subject = gettext("Du har en ny besked på Træningsportalen")
        body = render_template("outbox/new_message.txt", person=person, link=link)
    enqueue(person, "message", subject, body.strip() + "\n")


# --------------------------------------------------------------- pause

@dataclass(frozen=True)
class Affected:
    booking: Booking
    outcome: CancellationOutcome


def _period(first: date, last: date) -> tuple[datetime, datetime]:
    return (datetime.combine(first, time.min, tzinfo=COPENHAGEN),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=COPENHAGEN))


def affected_sessions(case: Case, first: date, last: date, reason: Reason) -> list[Affected]:
    """The sessions a pause from `first` to `last` (both included) cancels, each with its on-time mark."""
    start, end = _period(first, last)
    now = clock.now()
    bookings = db.session.scalars(
        select(Booking).join(Slot).where(Booking.case_id == case.id, Booking.status == BOOKED,
                                         Slot.starts_at >= start, Slot.starts_at < end).order_by(Slot.starts_at))
    return [Affected(booking, schedule.outcome_for(booking, reason, now)) for booking in bookings
            if states.may_cancel(schedule.facts(booking, None), now)]


def signature(affected: list[Affected]) -> str:
    """What a preview showed: each session with its mark, so a confirmation is for exactly that."""
    return ",".join(f"{item.booking.reference}:{'on_time' if item.outcome.on_time else 'late'}" for item in affected)


def pause(case: Case, first: date, last: date, reason: Reason, by: Person) -> list[Affected]:
    """Cancel every session in the period in one step, under the afbud rules, and tell the training place."""
    affected = affected_sessions(case, first, last, reason)
    bookings = [item.booking for item in affected]
    lock(*[booking.slot for booking in bookings], *bookings)
    done = []
    now = clock.now()
    for booking in bookings:
        if not states.may_cancel(schedule.facts(booking, None), now):
            continue  # cancelled or begun meanwhile
        done.append(Affected(booking, schedule.cancel(booking, reason, by)))
    if done:
        with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "da")):
            body = render_template("messages/pause_message.txt", first=first, last=last, affected=done, reason=reason)
        thread = _training_thread(case)
        if thread is None:
            start_thread(case, by, TRAINING, body.strip(), [], topic=PAUSE)
        else:
            thread.unread_by_staff = True
            _add(thread, body.strip(), [], person=by, kind=PAUSE)
    return done


def _training_thread(case: Case) -> Thread | None:
    return db.session.scalar(select(Thread).where(Thread.case_id == case.id, Thread.recipient == TRAINING,
                                                  Thread.topic == PAUSE).order_by(Thread.id.desc()).limit(1))


def paused_sessions(case: Case, first: date, last: date) -> list[Booking]:
    """For the receipt: the sessions in the period that are cancelled now."""
    start, end = _period(first, last)
    return list(db.session.scalars(
        select(Booking).join(Slot).where(Booking.case_id == case.id, Booking.status == CANCELLED,
                                         Slot.starts_at >= start, Slot.starts_at < end).order_by(Slot.starts_at)))
