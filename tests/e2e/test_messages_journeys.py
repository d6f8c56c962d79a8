"""Messages, documents and pausing in a real browser (issue 13): Mette writes
for Birthe with an attachment, the therapist answers, Birthe reads both and
sees them in her activity log; a pause cancels next week's sessions with
their on-time and late marks; a relative without the "messages" scope cannot
read the thread; an .exe renamed .pdf is refused. The first journey runs
with JavaScript switched off."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import time_machine
from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN
from tests.e2e.conftest import act_for, assert_accessible, sign_in, sign_in_staff

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def _submit(page, name: str) -> None:
    """Click a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _birthe_case(app) -> str:
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        return db.session.scalars(select(Case.reference).order_by(Case.id)).first()


def _write(page, case_ref: str, text: str, file_name: str, content: bytes, recipient: str = "Træningsstedet") -> None:
    page.goto(f"/mine-sager/{case_ref}")
    page.get_by_role("link", name="Gå til beskederne").click()
    page.get_by_role("link", name="Skriv en ny besked").click()
    page.get_by_label(recipient).check()
    page.get_by_label("Din besked").fill(text)
    page.get_by_label("Vedhæft dokumenter").set_input_files(
        files=[{"name": file_name, "mimeType": "application/pdf", "buffer": content}])
    _submit(page, "Send beskeden")


def test_mette_writes_for_birthe_the_therapist_answers_and_birthe_sees_both_without_javascript(live_app, new_page):
    case_ref = _birthe_case(live_app)
    mette = new_page(java_script_enabled=False)
    sign_in(mette, "Mette Hansen")
    act_for(mette, "Birthe Hansen")
    _write(mette, case_ref, "Min mor er indlagt til og med fredag.", "udskrivningsbrev.pdf", PDF)
    assert "Beskeden er sendt til træningsstedet. Du får svar senest" in mette.content()
    assert mette.get_by_role("link", name="udskrivningsbrev.pdf").is_visible()

    peter = new_page(java_script_enabled=False)
    sign_in_staff(peter, "Peter Madsen")
    peter.goto("/medarbejder/beskeder")
    row = peter.locator("tr[data-unread]").filter(has_text="Birthe Hansen").first
    assert "Ulæst" in row.inner_text()
    with peter.expect_navigation():
        row.get_by_role("link").click()
    assert "Min mor er indlagt til og med fredag." in peter.content()
    peter.get_by_label("Dit svar til borgeren").fill("God bedring. Vi ses, når hun er hjemme igen.")
    _submit(peter, "Send svaret")
    assert "Svaret er sendt." in peter.content()

    birthe = new_page(java_script_enabled=False)
    sign_in(birthe, "Birthe Hansen")
    birthe.goto(f"/mine-sager/{case_ref}/beskeder")
    with birthe.expect_navigation():
        birthe.locator("tr", has_text="Nyt svar").get_by_role("link").first.click()
    content = birthe.content()
    assert "Min mor er indlagt til og med fredag." in content
    assert "God bedring. Vi ses, når hun er hjemme igen." in content
    assert "Mette Hansen med fuldmagt for Birthe Hansen" in content
    with birthe.expect_response(lambda response: "/dokumenter/" in response.url) as download:
        birthe.get_by_role("link", name="udskrivningsbrev.pdf").click()
    assert download.value.status == 200
    birthe.goto("/aktivitet")
    activity = birthe.content()
    assert "skrev en besked til kommunen" in activity and "svarede på en besked" in activity


def test_a_file_renamed_from_exe_to_pdf_is_refused_at_the_field(live_app, page):
    case_ref = _birthe_case(live_app)
    sign_in(page, "Birthe Hansen")
    _write(page, case_ref, "Her er henvisningen fra min læge.", "henvisning.pdf", EXE)
    summary = page.get_by_role("alert").filter(has_text="Der er et problem")
    assert "er ikke en PDF, JPEG eller PNG" in summary.inner_text()
    assert "er ikke en PDF, JPEG eller PNG" in page.locator("#files-error").inner_text()
    assert page.get_by_label("Din besked").input_value() == "Her er henvisningen fra min læge."
    assert_accessible(page)  # the error summary and the field errors
    page.get_by_label("Vedhæft dokumenter").set_input_files(
        files=[{"name": "henvisning.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    _submit(page, "Send beskeden")
    assert "Beskeden er sendt til træningsstedet." in page.content()
    assert_accessible(page)  # the thread
    page.goto(f"/mine-sager/{case_ref}/beskeder")
    assert_accessible(page)
    page.console_errors.assert_none(expected_statuses=(400,))


def test_the_staff_inbox_and_thread_are_accessible(live_app, page):
    sign_in_staff(page, "Peter Madsen")
    page.goto("/medarbejder/beskeder")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("tr[data-thread]").first.get_by_role("link").click()
    assert_accessible(page)
    _submit(page, "Send svaret")
    assert "Skriv din besked." in page.locator("#body-error").inner_text()
    assert_accessible(page)
    page.console_errors.assert_none(expected_statuses=(400,))


def test_a_relative_without_the_message_scope_cannot_read_the_thread(live_app, page):
    from portal.auth.models import Grant
    from portal.extensions import db
    from portal.messages.models import Thread

    with live_app.app_context():
        for grant in db.session.scalars(select(Grant)):
            grant.scopes = "apply,view,cancel,complain"
        db.session.commit()
        thread = db.session.scalars(select(Thread.reference)).first()
    case_ref = _birthe_case(live_app)
    sign_in(page, "Mette Hansen")
    act_for(page, "Birthe Hansen")
    page.goto(f"/mine-sager/{case_ref}")
    assert page.get_by_role("link", name="Gå til beskederne").count() == 0
    page.goto(f"/beskeder/{thread}")
    assert page.get_by_role("heading", level=1).inner_text() == "Din fuldmagt dækker ikke dette"
    assert "Peter" not in page.content() and "genoptraeningsplan.pdf" not in page.content()
    page.console_errors.assert_none(expected_statuses=(403,))


def _next_week_sessions(app) -> list[datetime]:
    from portal.extensions import db
    from portal.schedule.models import BOOKED, Booking, Slot

    monday = datetime.now(COPENHAGEN).date() + timedelta(days=7 - datetime.now(COPENHAGEN).weekday())
    start = datetime.combine(monday, time.min, tzinfo=COPENHAGEN)
    with app.app_context():
        return list(db.session.scalars(select(Slot.starts_at).join(Booking).where(
            Booking.status == BOOKED, Slot.starts_at >= start, Slot.starts_at < start + timedelta(days=7))
            .order_by(Slot.starts_at)))


def test_a_pause_cancels_next_weeks_sessions_with_on_time_and_late_marks(live_app, page):
    case_ref = _birthe_case(live_app)
    sessions = _next_week_sessions(live_app)
    assert len(sessions) >= 2
    first = sessions[0].astimezone(COPENHAGEN)
    monday = first.date() - timedelta(days=first.weekday())
    # 12.30 the day before the first session: "other" reasons are late for it (12.00), on time for the rest.
    moment = datetime.combine(first.date() - timedelta(days=1), time(12, 30), tzinfo=COPENHAGEN)
    with time_machine.travel(moment, tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto(f"/mine-sager/{case_ref}")
        page.get_by_role("link", name="Jeg er indlagt / kan ikke komme i en periode").click()
        page.get_by_label("Af en anden grund (for eksempel ferie)").check()
        page.get_by_label("Fra og med").fill(monday.strftime("%d.%m.%Y"))
        page.get_by_label("Til og med").fill((monday + timedelta(days=6)).strftime("%d.%m.%Y"))
        _submit(page, "Se, hvad der bliver aflyst")
        rows = page.locator("table[data-affected] tbody tr")
        assert rows.count() == len(sessions)
        marks = [rows.nth(i).get_attribute("data-on-time") for i in range(rows.count())]
        assert marks == ["no"] + ["yes"] * (len(sessions) - 1)
        assert "For sent" in rows.nth(0).inner_text() and "Til tiden" in rows.nth(1).inner_text()
        assert_accessible(page)
        _submit(page, f"Meld afbud til {len(sessions)} træninger")
        assert f"Du har meldt afbud til {len(sessions)} træninger." in page.content()
        cancelled = page.locator("table[data-cancelled] tbody tr")
        assert [cancelled.nth(i).get_attribute("data-on-time") for i in range(cancelled.count())] == marks
    page.console_errors.assert_none()
