"""Messages between the citizen (or a relative with the "messages" scope)
and the municipality (issue 13): threads per case, the staff inbox with
unread and overdue marks, the 2-hverdage promise, the audit log, the outbox
notice without health content, and the bad input that saves nothing."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import time_machine
from sqlalchemy import func, select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import csrf_token, post, sign_in, sign_in_staff
from tests.web import schedule_support as support

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _count(app, model) -> int:
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _new_form(client, case_ref: str) -> dict:
    html = client.get(f"/mine-sager/{case_ref}/beskeder/ny").get_data(as_text=True)
    token = re.search(r'name="submission"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="submission"', html)
    return {"csrf_token": csrf_token(client, f"/mine-sager/{case_ref}/beskeder/ny"),
            "submission": (token.group(1) or token.group(2)) if token else ""}


def _send(client, case_ref: str, body: str, files=(), recipient="training", **extra):
    data = _new_form(client, case_ref)
    data.update({"recipient": recipient, "body": body, "booking": "", **extra})
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(f"/mine-sager/{case_ref}/beskeder/ny", data=data, content_type="multipart/form-data")


def _storage_files(app) -> list:
    from pathlib import Path

    return [path for path in Path(app.config["DOCUMENT_STORAGE_PATH"]).rglob("*") if path.is_file()]


def test_a_relative_writes_with_an_attachment_and_the_terapeut_answers(app):
    from portal.extensions import db
    from portal.messages.models import Document, Message, Thread
    from portal.outbox.models import OutboxMessage

    demo = support.load(app)
    mette = app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    response = _send(mette, demo.birthe_case, "Min mor er indlagt på Glostrup Hospital med en lungebetændelse.",
                     files=[("plan.PDF", PDF)])
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    thread_url = response.headers["Location"]
    page = _text(mette.get(thread_url).get_data(as_text=True))
    assert "Min mor er indlagt" in page and "Du får svar senest" in page and "plan.pdf" in page

    with app.app_context():
        thread = db.session.scalar(select(Thread).order_by(Thread.id.desc()))
        assert thread.recipient == "training" and thread.unread_by_staff
        assert thread.answer_due is not None
        notices = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "message")).all()
        # Birthe is told that something was written for her; never what.
        assert [n.person_id for n in notices] == [demo.people["birthe"]]
        assert all(n.subject == "Du har en ny besked på Træningsportalen" for n in notices)
        assert all("lungebetændelse" not in n.body and "indlagt" not in n.body for n in notices)
        reference = thread.reference

    peter = app.test_client()
    sign_in_staff(peter, "peter")
    inbox = peter.get("/medarbejder/beskeder").get_data(as_text=True)
    assert f'data-thread="{reference}" data-unread' in inbox
    staff_page = peter.get(f"/medarbejder/beskeder/{reference}").get_data(as_text=True)
    assert "Min mor er indlagt" in staff_page and "Borgeren har fået at vide: svar senest" in staff_page
    data = {"csrf_token": csrf_token(peter, f"/medarbejder/beskeder/{reference}"), "body": "Vi sætter træningen på pause."}
    assert peter.post(f"/medarbejder/beskeder/{reference}", data=data).status_code == 302

    birthe = app.test_client()
    sign_in(birthe, "birthe")
    assert f'data-unread-thread="{reference}"' in birthe.get("/min-side").get_data(as_text=True)
    threads = birthe.get(f"/mine-sager/{demo.birthe_case}/beskeder").get_data(as_text=True)
    assert "Nyt svar" in threads
    everything = birthe.get("/beskeder").get_data(as_text=True)
    assert f'data-thread="{reference}"' in everything and f"/mine-sager/{demo.birthe_case}/beskeder/ny" in everything
    page = _text(birthe.get(f"/beskeder/{reference}").get_data(as_text=True))
    assert "Min mor er indlagt" in page and "Vi sætter træningen på pause." in page
    assert "Mette Hansen med fuldmagt for Birthe Hansen" in page and "Du får svar senest" not in page
    assert f'data-unread-thread="{reference}"' not in birthe.get("/min-side").get_data(as_text=True)  # read now
    activity = _text(birthe.get("/aktivitet").get_data(as_text=True))
    assert "skrev en besked til kommunen" in activity and "svarede på en besked" in activity
    with app.app_context():
        document = db.session.scalar(select(Document).order_by(Document.id.desc()))
        assert document.filename == "plan.pdf" and document.content_type == "application/pdf"
        download = birthe.get(f"/dokumenter/{document.reference}")
        assert download.status_code == 200 and download.data == PDF
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        # the answer told both Birthe and Mette
        people = db.session.scalars(select(OutboxMessage.person_id).where(OutboxMessage.kind == "message")).all()
        assert sorted(people) == sorted([demo.people["birthe"], demo.people["birthe"], demo.people["mette"]])
        assert db.session.scalar(select(func.count()).select_from(Message)) >= 3


def test_the_promise_is_two_hverdage_after_the_message(app):
    demo = support.load(app)
    client = app.test_client()
    # Friday 4 December 2026 → Tuesday 8 December 2026
    with time_machine.travel(datetime(2026, 12, 4, 15, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        response = _send(client, demo.birthe_case, "Et spørgsmål om træningen.")
        page = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Du får svar senest tirsdag den 8. december 2026." in page


def test_an_unanswered_message_is_marked_overdue_for_staff(app):
    demo = support.load(app)
    client = app.test_client()
    with time_machine.travel(datetime(2026, 12, 4, 15, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        reference = _send(client, demo.birthe_case, "Hej visitationen.", recipient="visitation").headers["Location"].rsplit("/", 1)[1]
    lone = app.test_client()
    with time_machine.travel(datetime(2026, 12, 9, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(lone, "lone")
        inbox = lone.get("/medarbejder/beskeder").get_data(as_text=True)
    assert re.search(rf'data-thread="{reference}"[^>]*data-overdue', inbox)
    # the therapist does not see the visitation's threads
    peter = app.test_client()
    sign_in_staff(peter, "peter")
    assert reference not in peter.get("/medarbejder/beskeder").get_data(as_text=True)
    assert peter.get(f"/medarbejder/beskeder/{reference}").status_code == 404


def test_an_empty_message_is_refused_at_the_field_and_nothing_is_saved(app):
    from portal.messages.models import Message

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    before = _count(app, Message)
    response = _send(client, demo.birthe_case, "   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Der er et problem" in html and 'id="body-error"' in html and "Skriv din besked." in html
    assert _count(app, Message) == before


def test_a_renamed_exe_is_refused_and_leaves_no_file(app):
    from portal.messages.models import Document, Message

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    before, files_before = (_count(app, Message), _count(app, Document)), len(_storage_files(app))
    response = _send(client, demo.birthe_case, "Her er min henvisning.", files=[("henvisning.pdf", EXE)])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="files-error"' in html and "er ikke en PDF, JPEG eller PNG" in html and 'href="#files"' in html
    assert "Her er min henvisning." in html  # what was typed is kept
    assert (_count(app, Message), _count(app, Document)) == before
    assert len(_storage_files(app)) == files_before


def test_an_oversized_file_and_too_many_files_are_refused_at_the_field(app):
    from portal.rules.documents import MAX_BYTES, MAX_FILES

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    big = PDF + b"0" * MAX_BYTES
    response = _send(client, demo.birthe_case, "Stor fil.", files=[("stor.pdf", big)])
    assert response.status_code == 400 and "er for stor" in response.get_data(as_text=True)
    many = [(f"billede{n}.png", PNG) for n in range(MAX_FILES + 1)]
    response = _send(client, demo.birthe_case, "Mange filer.", files=many)
    assert response.status_code == 400 and f"Vedhæft højst {MAX_FILES} filer." in response.get_data(as_text=True)


def test_a_failed_transaction_removes_the_stored_file(app, monkeypatch):
    from portal.messages import services

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    files_before = len(_storage_files(app))

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(services, "_notify", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = _send(client, demo.birthe_case, "Med bilag.", files=[("plan.pdf", PDF)])
    assert response.status_code == 500
    assert len(_storage_files(app)) == files_before


def test_a_message_to_a_closed_case_is_refused(app):
    from portal.cases.models import CLOSED, Case
    from portal.extensions import db
    from portal.messages.models import Message

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    form = _new_form(client, demo.birthe_case)
    with app.app_context():
        db.session.scalar(select(Case).where(Case.reference == demo.birthe_case)).status = CLOSED
        db.session.commit()
    before = _count(app, Message)
    form.update({"recipient": "visitation", "body": "Hej.", "booking": ""})
    response = client.post(f"/mine-sager/{demo.birthe_case}/beskeder/ny", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Sagen er afsluttet" in html and 'id="body-error"' in html
    assert _count(app, Message) == before


def test_a_relative_without_the_message_scope_cannot_read_the_thread(app):
    from portal.auth.models import Grant
    from portal.extensions import db

    demo = support.load(app)
    with app.app_context():
        grant = db.session.scalar(select(Grant).where(Grant.holder_id == demo.people["mette"]))
        grant.scopes = "apply,view,cancel,complain"
        db.session.commit()
        from portal.messages.models import Document, Thread

        thread = db.session.scalar(select(Thread)).reference
        attachment = db.session.scalar(select(Document).where(Document.kind == "attachment")).reference
    mette = app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    assert mette.get(f"/beskeder/{thread}").status_code == 403
    assert mette.get(f"/mine-sager/{demo.birthe_case}/beskeder").status_code == 403
    assert mette.get(f"/dokumenter/{attachment}").status_code == 404
    assert "Genoptraening" not in mette.get(f"/mine-sager/{demo.birthe_case}").get_data(as_text=True)


def test_the_same_message_sent_twice_is_saved_once(app):
    from portal.messages.models import Message

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    form = _new_form(client, demo.birthe_case)
    form.update({"recipient": "visitation", "body": "Kun én gang.", "booking": ""})
    before = _count(app, Message)
    first = client.post(f"/mine-sager/{demo.birthe_case}/beskeder/ny", data=form)
    second = client.post(f"/mine-sager/{demo.birthe_case}/beskeder/ny", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(app, Message) == before + 1


def test_the_case_page_shows_letters_with_the_date_received(app):
    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    page = _text(client.get(f"/mine-sager/{demo.birthe_case}").get_data(as_text=True))
    assert "Breve og dokumenter" in page and "Indkaldelse til opfølgende samtale" in page
    assert "brev fra kommunen, modtaget" in page and "Afgørelse" in page


def test_the_visitator_sends_a_letter_and_only_a_pdf_or_image_is_taken(app):
    from portal.messages.models import Document

    demo = support.load(app)
    lone = app.test_client()
    sign_in_staff(lone, "lone")
    url = f"/medarbejder/sager/{demo.birthe_case}/breve"
    token = csrf_token(lone, f"/medarbejder/sager/{demo.birthe_case}")
    before = _count(app, Document)
    refused = lone.post(url, data={"csrf_token": token, "title": "Brev", "files": [(io.BytesIO(EXE), "brev.pdf")]},
                        content_type="multipart/form-data")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'id="files-error"' in html and "er ikke en PDF, JPEG eller PNG" in html
    assert "Der er et problem" in html and 'value="Brev"' in html
    assert _count(app, Document) == before
    sent = lone.post(url, data={"csrf_token": token, "title": "Referat af samtalen", "files": [(io.BytesIO(PDF), "referat.pdf")]},
                     content_type="multipart/form-data")
    assert sent.status_code == 302 and _count(app, Document) == before + 1
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    assert "Referat af samtalen" in birthe.get(f"/mine-sager/{demo.birthe_case}").get_data(as_text=True)


def test_the_receipt_offers_to_send_a_genoptraeningsplan_with_the_application(app, client):
    from tests.helpers import load_demo
    from tests.web.test_apply_application import ANSWERS, apply

    load_demo(app)
    sign_in(client, "jens")
    response = apply(client, ANSWERS)
    html = response.get_data(as_text=True)
    link = re.search(r'href="([^"]+)" data-send-documents', html)
    assert link, "the receipt offers no way to send a plan or a referral"
    form = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(r'value="visitation"\s+checked', form)


def test_a_message_about_one_session_names_it(app):
    from portal.extensions import db
    from portal.messages.models import Thread

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    booking_ref = demo.upcoming[0][0]
    session_page = client.get(f"/traeningsplan/{booking_ref}").get_data(as_text=True)
    link = re.search(r'href="([^"]+)" data-write-about-session', session_page).group(1).replace("&amp;", "&")
    form_page = client.get(link).get_data(as_text=True)
    assert re.search(rf'value="{booking_ref}"\s+selected', form_page) and re.search(r'value="training"\s+checked', form_page)
    response = _send(client, demo.birthe_case, "Jeg kommer ti minutter senere.", booking=booking_ref)
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Om træningen" in page
    with app.app_context():
        assert db.session.scalar(select(Thread).order_by(Thread.id.desc())).booking.reference == booking_ref


def test_a_request_larger_than_all_files_allowed_together_is_refused_in_danish(app):
    from portal.messages.models import Message
    from portal.rules.documents import MAX_BYTES, MAX_FILES

    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    before, files_before = _count(app, Message), len(_storage_files(app))
    huge = [(f"del{n}.pdf", PDF + b"0" * MAX_BYTES) for n in range(MAX_FILES + 1)]
    response = _send(client, demo.birthe_case, "Alt for meget.", files=huge)
    assert response.status_code == 413
    assert "Det du sendte, er for stort" in response.get_data(as_text=True)
    assert _count(app, Message) == before and len(_storage_files(app)) == files_before


def test_the_visitators_case_page_lists_only_the_threads_the_visitation_answers(app):
    demo = support.load(app)
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    assert _send(birthe, demo.birthe_case, "Til visitationen", recipient="visitation").status_code == 302
    assert _send(birthe, demo.birthe_case, "Til træningsstedet", recipient="training").status_code == 302
    lone = app.test_client()
    sign_in_staff(lone, "lone")
    page = _text(lone.get(f"/medarbejder/sager/{demo.birthe_case}").get_data(as_text=True))
    assert "Besked til visitationen" in page
    assert "Besked til træningsstedet" not in page  # the therapists answer those, from their own inbox
