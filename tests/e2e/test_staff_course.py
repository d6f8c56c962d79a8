"""Issue 15.5 in the browser: a therapist is warned before booking a citizen twice
at one time, and corrects a past session's attendance from the course page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import sign_in_staff
from tests.web import schedule_support as support

pytestmark = pytest.mark.e2e


def _birthe(app):
    """Birthe's granted case, her last upcoming session and a past attended or missed one."""
    from portal import clock
    from portal.auth.models import Person
    from portal.extensions import db
    from portal.schedule.models import Booking, Slot

    with app.app_context():
        birthe = db.session.scalar(select(Person).where(Person.name == "Birthe Hansen"))
        rows = db.session.execute(select(Booking.reference, Booking.status, Slot.starts_at, Booking.case_id)
                                  .join(Slot).where(Booking.citizen_id == birthe.id).order_by(Slot.starts_at)).all()
        upcoming = [r for r in rows if r.starts_at > clock.now() and r.status == "booked"][-1]
        past = next(r for r in rows if r.starts_at < clock.now() and r.status in ("attended", "no_show"))
        from portal.cases.models import Case
        case = db.session.get(Case, upcoming.case_id)
        return case.reference, upcoming, past


def _free_slot_overlapping(app, start) -> str:
    from portal.extensions import db
    from portal.schedule.models import Slot

    with app.app_context():
        slot = Slot(municipality_id="glostrup", offer_id="genoptraening", form="hold", starts_at=start + timedelta(minutes=15),
                    minutes=45, place="Bassinet", therapist="Peter Madsen", capacity=4)
        db.session.add(slot)
        db.session.commit()
        return str(slot.id)


@pytest.mark.parametrize("language,warning,anyway", [
    ("da", "Birthe Hansen har allerede træning på det tidspunkt", "Book alligevel"),
    ("en", "Birthe Hansen already has training at that time", "Book anyway"),
])
def test_peter_is_warned_before_booking_birthe_twice_at_one_time(page, live_app, language, warning, anyway):
    case, upcoming, _past = _birthe(live_app)
    slot_id = _free_slot_overlapping(live_app, upcoming.starts_at)
    sign_in_staff(page, "Peter Madsen")
    if language == "en":
        page.get_by_role("link", name="English").first.click()
    page.goto(f"/medarbejder/traening/forloeb/{case}")
    page.locator(f"input[name=slot][value='{slot_id}']").check()
    page.locator("form:has(input[name=slot]) button[type=submit]").click()
    expect(page.locator(".overlap-warning")).to_contain_text(warning)
    assert support.slot_booked(live_app, int(slot_id)) == 0  # nothing booked before they confirm
    page.locator(".overlap-warning").get_by_role("button", name=anyway).click()
    expect(page.locator(".overlap-warning")).to_have_count(0)
    assert support.slot_booked(live_app, int(slot_id)) == 1
    page.console_errors.assert_none()


def test_peter_corrects_a_past_attendance_from_the_course_and_the_log_says_so(page, live_app):
    case, _upcoming, past = _birthe(live_app)
    wanted, label = ("no_show", "Udeblevet") if past.status == "attended" else ("attended", "Mødt")
    sign_in_staff(page, "Peter Madsen")
    page.goto(f"/medarbejder/traening/forloeb/{case}")
    row = page.locator(f"#booking-{past.reference}")
    row.get_by_role("button", name=label).click()
    expect(page.locator(f"#booking-{past.reference}")).to_be_visible()
    assert page.url.split("#")[0].endswith(f"/medarbejder/traening/forloeb/{case}")
    assert support.booking(live_app, past.reference)["status"] == wanted

    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with live_app.app_context():
        detail = db.session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "booking.attendance",
                                                                   AuditEntry.object_ref == past.reference)
                                  .order_by(AuditEntry.id.desc()).limit(1))
    assert detail and detail.startswith("rettet fra")
    page.console_errors.assert_none()
