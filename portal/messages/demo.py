"""Demo data for messages: Mette wrote to the training place for Birthe a few
days ago with her mother's genoptræningsplan attached, and Peter answered;
the municipality's letter about the follow-up talk is on the case."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal import audit, clock
from portal.outbox.services import notices_suppressed
from portal.rules.calendar import add_business_days
from portal.rules.cancellation import COPENHAGEN
from portal.rules.documents import PDF

from . import services
from .models import TRAINING


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF with one line of text."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def load(world) -> None:
    case = world.extra["cases"]["birthe"]
    mette, peter, lone = world.people["mette"], world.staff["peter"], world.staff["lone"]
    written = _at(clock.today() - timedelta(days=6), 18, 12)
    plan = services.Upload("genoptraeningsplan.pdf", PDF, demo_pdf("Genoptraeningsplan (demo)"))
    with audit.as_if(written, person=mette), notices_suppressed():
        first = services.start_thread(
            case, mette, TRAINING,
            "Hej. Min mor har fået en ny genoptræningsplan fra sygehuset, som jeg sender med. "
            "Kan I tage hensyn til den ved træningen?", [plan])
    thread = first.thread
    _backdate(thread, first, written)
    answered = _at(add_business_days(written.date(), 1), 10, 5)
    with audit.as_if(answered, staff=peter), notices_suppressed():
        reply = services.answer(thread, peter, "Tak, vi har læst planen og tilpasser øvelserne fra næste gang. "
                                "Venlig hilsen Peter, Træningscentret", [])
    reply.at = thread.answered_at = thread.last_message_at = answered
    thread.unread_by_citizen = False
    letter_at = _at(clock.today() - timedelta(days=2), 9, 30)
    with audit.as_if(letter_at, staff=lone), notices_suppressed():
        letter = services.send_letter(case, lone, "Indkaldelse til opfølgende samtale",
                                      services.Upload("indkaldelse.pdf", PDF, demo_pdf("Indkaldelse (demo)")))
    letter.received_at = letter_at
    world.extra["thread"] = thread
    world.extra["documents"] = {"attachment": first.documents[0], "letter": letter}


def _backdate(thread, message, moment) -> None:
    thread.created_at = thread.last_message_at = message.at = moment
    thread.answer_due = services.rules.answer_due(moment.date())
    for document in message.documents:
        document.received_at = moment
