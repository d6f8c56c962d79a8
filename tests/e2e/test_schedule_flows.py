"""Browser tests for issue 5's "Done when": afbud on time and late, a relative
cancelling, moving, the municipality cancelling with a replacement, the no-show
flag, and the rules on the pages agreeing with `flask --app portal rules`."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import act_for, sign_in, sign_in_staff
from tests.web import schedule_support as support
from tests.web.schedule_support import on

pytestmark = pytest.mark.e2e


def _birthe_upcoming(app) -> list[tuple[str, datetime, int]]:
    """Birthe's booked sessions that have not begun: (reference, start, slot id)."""
    from portal import clock
    from portal.auth.models import Person
    from portal.extensions import db
    from portal.schedule.models import BOOKED, Booking, Slot

    with app.app_context():
        birthe = db.session.scalar(select(Person).where(Person.name == "Birthe Hansen"))
        rows = db.session.execute(
            select(Booking.reference, Slot.starts_at, Slot.id).join(Slot)
            .where(Booking.citizen_id == birthe.id, Booking.status == BOOKED, Slot.starts_at > clock.now())
            .order_by(Slot.starts_at)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows]


def _rules_cancel(app, start: datetime, at: datetime, reason: str) -> dict:
    runner = app.test_cli_runner()
    result = runner.invoke(args=[
        "rules", "cancel", "--municipality", "glostrup", "--start", start.strftime("%Y-%m-%dT%H:%M"),
        "--at", at.strftime("%Y-%m-%dT%H:%M"), "--reason", reason,
    ])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _row(page, reference):
    return page.locator(f"#session-{reference}")


# -------------------------------------------------------------- the citizen

def test_birthe_cancels_for_illness_at_0745_on_the_day_and_picks_a_replacement(page, live_app):
    reference, start, _slot = _birthe_upcoming(live_app)[1]
    with time_machine.travel(on(start, 7, 45), tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto("/traeningsplan")
        row = _row(page, reference)
        row.get_by_role("link", name="Meld afbud").click()
        row.get_by_label("Jeg er syg").check()
        row.get_by_role("button", name="Fortsæt").click()
        expect(row.get_by_text("Dit afbud kommer til tiden")).to_be_visible()
        expect(row.get_by_text("Du kan vælge en erstatningstid, når du har meldt afbud.")).to_be_visible()
        assert page.url.endswith("/traeningsplan")  # all of it happened in the row
        row.get_by_role("button", name="Meld afbud").click()
        expect(row.locator(".session-status")).to_have_text("Afbud meldt til tiden")
        row.get_by_role("link", name="Vælg erstatningstid").click()
        choice = row.locator("input[name=slot]").first
        choice_label = row.locator("label[for='%s']" % choice.get_attribute("id")).inner_text()
        choice.check()
        row.get_by_role("button", name="Vælg erstatningstid").click()
        expect(page.get_by_text("Din erstatningstræning er booket")).to_be_visible()
        expect(_row(page, reference).locator(".session-replacement")).to_be_visible()
        cancelled = support.booking(live_app, reference)
        assert (cancelled["status"], cancelled["on_time"], cancelled["replacement_offered"]) == ("cancelled", True, True)
        mine = support.bookings_of(live_app, cancelled["citizen_id"])
        replacement = [b for b in mine if b["replacement_for_id"]]
        assert len(replacement) == 1 and replacement[0]["status"] == "booked"
        assert choice_label.split(" · ")[0] in page.locator("#plan-upcoming").inner_text()
    page.console_errors.assert_none()


def test_birthe_cancels_for_another_reason_at_1201_the_day_before_without_javascript(new_page, live_app):
    page = new_page(java_script_enabled=False)
    reference, start, _slot = _birthe_upcoming(live_app)[1]
    with time_machine.travel(on(start, 12, 1, days_before=1), tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto("/traeningsplan")
        _row(page, reference).get_by_role("link", name="Meld afbud").click()
        assert page.url.endswith(f"/traeningsplan/{reference}/afbud")
        page.get_by_label("Andet").check()
        page.get_by_role("button", name="Fortsæt").click()
        expect(page.get_by_role("heading", name="Dit afbud kommer for sent")).to_be_visible()
        expect(page.locator(".cancel-consequence")).to_contain_text("registreret som for sent")
        page.get_by_role("button", name="Meld afbud").click()
        expect(page.get_by_role("heading", name="Dit afbud er registreret")).to_be_visible()
        expect(page.locator(".cancel-recorded")).to_contain_text("efter fristen")
        expect(page.get_by_text("Du får ikke erstatningstræning for denne træning.")).to_be_visible()
        expect(page.get_by_role("button", name="Fortryd afbud")).to_have_count(0)
        row = support.booking(live_app, reference)
        assert (row["status"], row["on_time"], row["replacement_offered"]) == ("cancelled", False, False)
        page.goto("/traeningsplan")
        expect(_row(page, reference).locator(".session-status")).to_have_text("Afbud meldt for sent")
    page.console_errors.assert_none()


def test_mette_cancels_for_birthe(page, live_app):
    reference, start, _slot = _birthe_upcoming(live_app)[2]
    with time_machine.travel(on(start, 9, 0, days_before=2), tick=True):
        sign_in(page, "Mette Hansen")
        act_for(page, "Birthe Hansen")
        expect(page.get_by_text("Du handler på vegne af Birthe Hansen")).to_be_visible()
        page.goto("/traeningsplan")
        expect(page.get_by_role("heading", level=1)).to_have_text("Træningsplan for Birthe Hansen")
        row = _row(page, reference)
        row.get_by_role("link", name="Meld afbud").click()
        row.get_by_label("Andet").check()
        row.get_by_role("button", name="Fortsæt").click()
        expect(row.get_by_text("Dit afbud kommer til tiden")).to_be_visible()
        row.get_by_role("button", name="Meld afbud").click()
        expect(row.locator(".session-status")).to_have_text("Afbud meldt til tiden")
    cancelled = support.booking(live_app, reference)
    assert cancelled["status"] == "cancelled"
    with live_app.app_context():
        from portal.auth.models import Person
        from portal.extensions import db

        assert db.session.get(Person, cancelled["cancelled_by_id"]).name == "Mette Hansen"
    receipt = support.outbox(live_app, "cancel_receipt")
    assert receipt[-1]["to"] == "birthe@example.dk" and "Mette Hansen" in receipt[-1]["body"]
    page.console_errors.assert_none()


def test_birthe_moves_a_session(page, live_app):
    reference, start, old_slot = _birthe_upcoming(live_app)[2]
    with time_machine.travel(on(start, 9, 0, days_before=1), tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto("/traeningsplan")
        row = _row(page, reference)
        row.get_by_role("link", name="Flyt").click()
        expect(row.get_by_text("Du kan flytte indtil")).to_be_visible()
        row.locator("input[name=slot]").first.check()
        row.get_by_role("button", name="Flyt træningen").click()
        expect(page.get_by_text("Din træning er flyttet til")).to_be_visible()
        expect(_row(page, reference)).to_have_count(0)  # the old time is gone from the plan
    assert support.booking(live_app, reference)["status"] == "moved"
    assert support.slot_booked(live_app, old_slot) == 0
    page.console_errors.assert_none()


# ------------------------------------------------------------ the municipality

def test_the_municipality_cancels_a_session_and_the_replacement_appears(page, new_page, live_app):
    reference, start, slot_id = _birthe_upcoming(live_app)[2]
    sign_in_staff(page, "Peter Madsen")
    page.goto("/medarbejder/traening")
    page.get_by_role("link", name=re.compile(re.escape(support_long_datetime(live_app, start)))).first.click()
    expect(page.get_by_text("Birthe Hansen")).to_be_visible()
    page.get_by_role("link", name="Aflys træningen").click()
    expect(page.get_by_text("Kommunen må som udgangspunkt ikke aflyse")).to_be_visible()
    page.get_by_label("Hvorfor bliver træningen aflyst?").fill("Terapeuten er på kursus.")
    replacement = page.locator("input[name=replacement]").first
    replacement_label = page.locator("label[for='%s']" % replacement.get_attribute("id")).inner_text()
    replacement.check()
    page.get_by_role("button", name="Aflys og giv besked").click()
    expect(page.get_by_text("1 borger har fået erstatningstid")).to_be_visible()
    page.console_errors.assert_none()

    birthe = new_page()
    sign_in(birthe, "Birthe Hansen")
    birthe.goto("/traeningsplan")
    row = _row(birthe, reference)
    expect(row.locator(".session-status")).to_have_text("Aflyst af kommunen")
    expect(row.get_by_text("Terapeuten er på kursus.")).to_be_visible()
    expect(row.locator(".session-replacement")).to_contain_text(replacement_label.split(" · ")[0])
    new = [b for b in support.bookings_of(live_app, support.booking(live_app, reference)["citizen_id"]) if b["replacement_for_id"]]
    assert len(new) == 1
    expect(_row(birthe, new[0]["reference"])).to_be_visible()
    assert any(m["kind"] == "municipality_cancel" for m in support.outbox(live_app))
    birthe.console_errors.assert_none()


def support_long_datetime(app, moment: datetime) -> str:
    from portal import i18n

    with app.test_request_context():
        return i18n.long_datetime(moment)


def test_the_no_show_flag_appears_after_the_third_no_show(page, new_page, live_app):
    upcoming = _birthe_upcoming(live_app)
    (_first, _s1, first_slot), (second, second_start, second_slot) = upcoming[0], upcoming[1]
    with time_machine.travel(second_start + timedelta(hours=1), tick=True):
        sign_in_staff(page, "Peter Madsen")
        page.goto(f"/medarbejder/traening/{first_slot}")
        page.get_by_role("button", name="Udeblevet – Birthe Hansen").click()
        expect(page.get_by_text("Fremmøde er registreret for Birthe Hansen.")).to_be_visible()
        page.goto(f"/medarbejder/traening/{second_slot}")
        page.get_by_role("button", name="Udeblevet – Birthe Hansen").click()
        expect(page.get_by_text("Forløbet er markeret til ny vurdering")).to_be_visible()
        expect(page.locator(f"#booking-{second}")).to_contain_text("til ny vurdering")
        page.console_errors.assert_none()

        birthe = new_page()
        sign_in(birthe, "Birthe Hansen")
        expect(birthe.get_by_text("Dit forløb bliver vurderet igen")).to_be_visible()  # on Min side
        birthe.goto("/traeningsplan")
        expect(birthe.get_by_role("heading", name="Dit forløb bliver vurderet igen")).to_be_visible()
        expect(birthe.get_by_text("din visitator kontakter dig")).to_be_visible()
        birthe.console_errors.assert_none()
    assert [m["kind"] for m in support.outbox(live_app)].count("reassessment") == 1


# ----------------------------------------------------------------- the rules

@pytest.mark.parametrize("reason, moment", [
    ("illness", lambda start: on(start, 7, 45)),
    ("illness", lambda start: on(start, 8, 1)),
    ("other", lambda start: on(start, 12, 0, days_before=1)),
    ("other", lambda start: on(start, 12, 1, days_before=1)),
    ("bereavement", lambda start: on(start, 6, 0, days_before=3)),
])
def test_the_rules_on_the_pages_agree_with_the_rules_command(page, live_app, reason, moment):
    reference, start, _slot = _birthe_upcoming(live_app)[1]
    at = moment(start)
    labels = {"illness": "Jeg er syg", "bereavement": "Dødsfald i min nærmeste familie", "other": "Andet"}
    with time_machine.travel(at, tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto("/traeningsplan")
        deadlines = _row(page, reference).locator(".session-deadlines")
        expected_other = _rules_cancel(live_app, start, at, "other")["deadline"]
        expected_illness = _rules_cancel(live_app, start, at, "illness")["deadline"]
        assert deadlines.get_attribute("data-other-deadline") == expected_other
        assert deadlines.get_attribute("data-illness-deadline") == expected_illness
        page.goto(f"/traeningsplan/{reference}/afbud")
        page.get_by_label(labels[reason]).check()
        page.get_by_role("button", name="Fortsæt").click()
        consequence = page.locator(".cancel-consequence")
        rules = _rules_cancel(live_app, start, at, reason)
        assert consequence.get_attribute("data-deadline") == rules["deadline"]
        assert consequence.get_attribute("data-on-time") == json.dumps(rules["on_time"])
        assert consequence.get_attribute("data-replacement") == json.dumps(rules["replacement"])
        heading = "Dit afbud kommer til tiden" if rules["on_time"] else "Dit afbud kommer for sent"
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.console_errors.assert_none()


def test_the_decision_page_prints_as_a_letter(page, live_app):
    from portal.cases.models import Case
    from portal.extensions import db

    with live_app.app_context():
        birthe_case = db.session.scalar(select(Case).where(Case.municipality_id == "glostrup", Case.decided_on.is_not(None)))
        reference = birthe_case.reference
    sign_in(page, "Birthe Hansen")
    page.goto(f"/mine-sager/{reference}/afgoerelse")
    expect(page.get_by_role("heading", name="Afgørelse om træning")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Du kan klage senest \w+dag den \d+\. \w+ \d{4}"))).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by JavaScript
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    page.console_errors.assert_none()


@pytest.mark.parametrize("java_script", [True, False], ids=["htmx", "no-js"])
def test_undoing_a_cancellation_takes_its_replacement_off_the_plan(new_page, live_app, java_script):
    """Issue 15.2: after "Fortryd afbud" the replacement is gone from the list, not left as "Aftalt"."""
    page = new_page(java_script_enabled=java_script)
    reference, start, _slot = _birthe_upcoming(live_app)[1]
    with time_machine.travel(on(start, 7, 45), tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto("/traeningsplan")
        _row(page, reference).get_by_role("link", name="Meld afbud").click()
        page.get_by_label("Jeg er syg").check()
        page.get_by_role("button", name="Fortsæt").click()
        page.get_by_role("button", name="Meld afbud").click()
        if java_script:  # the row offers the choice; without JavaScript the receipt page holds it
            _row(page, reference).get_by_role("link", name="Vælg erstatningstid").click()
        page.locator("input[name=slot]").first.check()
        page.get_by_role("button", name="Vælg erstatningstid").click()
        expect(page.get_by_text("Din erstatningstræning er booket")).to_be_visible()
        mine = support.bookings_of(live_app, support.booking(live_app, reference)["citizen_id"])
        replacement = next(b["reference"] for b in mine if b["replacement_for_id"] and b["status"] == "booked")
        page.goto("/traeningsplan")
        expect(_row(page, replacement)).to_be_visible()

        _row(page, reference).get_by_role("button", name="Fortryd afbud").click()
        if not java_script:
            page.goto("/traeningsplan")
        expect(_row(page, reference).locator(".session-status")).not_to_contain_text("Afbud")
        expect(_row(page, replacement)).to_have_count(0)
        assert support.booking(live_app, replacement).get("status") != "booked"  # given back (or gone)
        page.reload()
        expect(_row(page, replacement)).to_have_count(0)
    page.console_errors.assert_none()


def test_a_plan_birthe_has_open_shows_the_municipalitys_cancellation_when_she_reloads(page, new_page, live_app):
    """Her plan is kept between reloads (portal/page_cache.py); the therapist's
    cancellation in another browser reaches it on the very next reload."""
    reference, start, _slot_id = _birthe_upcoming(live_app)[1]
    birthe = new_page()
    sign_in(birthe, "Birthe Hansen")
    birthe.goto("/traeningsplan")
    kept = live_app.extensions["page_cache"]
    for _ in range(3):  # a reload in the next minute makes the page anew; the one after is kept
        hits = kept.hits
        birthe.reload()
        expect(_row(birthe, reference).locator(".session-status")).to_have_text("Aftalt")
        if kept.hits > hits:
            break
    assert kept.hits > hits  # the reload was served kept

    sign_in_staff(page, "Peter Madsen")
    page.goto("/medarbejder/traening")
    page.get_by_role("link", name=re.compile(re.escape(support_long_datetime(live_app, start)))).first.click()
    page.get_by_role("link", name="Aflys træningen").click()
    page.get_by_label("Hvorfor bliver træningen aflyst?").fill("Salen er lukket.")
    page.locator("input[name=replacement]").first.check()
    page.get_by_role("button", name="Aflys og giv besked").click()
    expect(page.get_by_text("1 borger har fået erstatningstid")).to_be_visible()

    birthe.reload()
    expect(_row(birthe, reference).locator(".session-status")).to_have_text("Aflyst af kommunen")
    expect(_row(birthe, reference).get_by_text("Salen er lukket.")).to_be_visible()
    birthe.console_errors.assert_none()
