"""The quality follow-up (issue 14): cases with known promised and actual
dates give known figures on the page, in the CSV and in the JSON; groups under
5 cases are not published; staff see the promises about to be missed."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

import time_machine
from sqlalchemy import select

from portal import side
from portal.rules.calendar import add_business_days, next_business_day
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, sign_in_staff

TODAY = datetime(2026, 12, 10, 12, 0, tzinfo=COPENHAGEN)  # Thursday
# Glostrup: a decision within 10 hverdage of receiving the application.
RECEIVED = date(2026, 11, 23)
DUE = date(2026, 12, 7)  # the 10th hverdag after 23 November
EARLY_RECEIVED, EARLY_DONE = date(2026, 11, 2), date(2026, 11, 10)  # due 16 November
# Glostrup: training starts within 20 hverdage of the decision.
START_DECIDED = date(2026, 10, 1)
START_DUE = add_business_days(START_DECIDED, 20)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=COPENHAGEN)


class World:
    def __init__(self, db):
        from portal.auth.models import Person

        self.db = db
        self.person = Person(cpr="0101501234", name="Test Borger", municipality_id="glostrup", created_at=_at(RECEIVED))
        db.session.add(self.person)
        db.session.flush()
        self.count = 0

    def case(self, *, received: date, due: date | None, decided: date | None = None, status: str = "received",
             started: date | None = None, municipality_id: str = "glostrup"):
        from portal.cases.models import Case

        self.count += 1
        case = Case(reference=f"TP-T{self.count:02d}-QQQ", citizen_id=self.person.id, municipality_id=municipality_id,
                    law="sel_86_1", status=status, received_at=_at(received), response_due=due, applied_by_id=self.person.id,
                    applied_as="self", answers={}, decided_on=decided, training_started_on=started)
        self.db.session.add(case)
        self.db.session.flush()
        return case

    def decision(self, case, decided: date, outcome: str = "granted"):
        from portal.schedule.models import Decision

        self.db.session.add(Decision(case_id=case.id, outcome=outcome, legal_basis="Serviceloven § 86, stk. 1",
                                     reasons="Test", decided_on=decided, received_on=decided,
                                     complaint_deadline=decided + timedelta(days=28), created_at=_at(decided)))

    def booking(self, case, status: str, *, reason=None, on_time=None, replacement=None):
        from portal.schedule.models import Booking, Slot

        self.count += 1
        slot = Slot(municipality_id="glostrup", offer_id="genoptraening", starts_at=_at(date(2026, 11, 2)) + timedelta(days=self.count),
                    minutes=45, place="Sal 1", therapist="Peter Madsen", capacity=1)
        self.db.session.add(slot)
        self.db.session.flush()
        self.db.session.add(Booking(reference=f"BK-T{self.count:03d}", slot_id=slot.id, case_id=case.id,
                                    citizen_id=self.person.id, status=status, cancel_reason=reason, cancel_on_time=on_time,
                                    replacement_offered=replacement, created_at=_at(date(2026, 10, 20))))

    def complaint(self, case, status: str, received: date, decided: date | None, due: date | None):
        from portal.complaints.models import Complaint

        self.count += 1
        reference = f"KL-T{self.count:02d}-QQQ"
        self.db.session.add(Complaint(
            reference=reference, citizen_id=self.person.id, filed_by_id=self.person.id, filed_as="self",
            municipality_id="glostrup", subject="decision", case_id=case.id, what_happened="x", wants="y",
            contact="digital_post", received_at=_at(received), received_on=received, answer_due=due, status=status,
            decided_at=_at(decided) if decided else None))
        return reference


def _build(app):
    from portal.extensions import db

    with app.app_context():
        w = World(db)
        # December: 5 kept on the last day, 1 missed by one hverdag, 1 open past its date, 1 open not yet due.
        for _ in range(5):
            w.case(received=RECEIVED, due=DUE, decided=DUE, status="decided")
        w.case(received=RECEIVED, due=DUE, decided=add_business_days(DUE, 1), status="decided")
        w.case(received=RECEIVED, due=DUE)
        w.case(received=date(2026, 12, 9), due=date(2026, 12, 23))
        # November: 3 kept, too few to publish.
        for _ in range(3):
            w.case(received=EARLY_RECEIVED, due=date(2026, 11, 16), decided=EARLY_DONE, status="decided")
        # Training start: 5 on the last day, 1 a hverdag late (no response promise on these).
        late_start = next_business_day(START_DUE + timedelta(days=1))
        for started in [START_DUE] * 5 + [late_start]:
            case = w.case(received=date(2026, 9, 20), due=None, decided=START_DECIDED, status="training", started=started)
            w.decision(case, START_DECIDED)
        first = case
        # Sessions: 6 attended, 5 no-shows, 5 on-time illness, 2 late "other", 5 municipal cancellations with replacement.
        for status, kwargs, n in [("attended", {}, 6), ("no_show", {}, 5),
                                  ("cancelled", {"reason": "illness", "on_time": True, "replacement": True}, 5),
                                  ("cancelled", {"reason": "other", "on_time": False, "replacement": False}, 2),
                                  ("cancelled_by_municipality", {"replacement": True}, 5)]:
            for _ in range(n):
                w.booking(first, status, **kwargs)
        # Complaints about decisions: 5 upheld within 4 uger (one on the last day), 1 upheld a hverdag late,
        # 1 kept and forwarded after the date (Glostrup promises the 4 uger only for an upheld complaint).
        complaint_due = date(2026, 11, 30)
        for answered in [date(2026, 11, 20)] * 4 + [complaint_due, date(2026, 12, 1)]:
            w.complaint(first, "upheld", date(2026, 11, 2), answered, complaint_due)
        w.complaint(first, "forwarded", date(2026, 11, 2), date(2026, 12, 2), complaint_due)
        db.session.commit()


def _records(client) -> dict:
    body = client.get("/kommune/glostrup/kvalitet.json").get_json()
    return {(r["section"], r["item"], r["period"], r["measure"]): r for r in body["figures"]}


def test_response_promise_kept_on_the_last_day_and_missed_by_one_hverdag(app, client):
    _build(app)
    with time_machine.travel(TODAY, tick=False):
        figures = _records(client)
    december = ("promise", "response", "2026-12", "cases")
    assert figures[december]["value"] == 7  # 5 kept, 1 late, 1 open past its date; the one not yet due is not counted
    assert figures[("promise", "response", "2026-12", "share_kept")]["value"] == round(5 / 7, 4)
    assert figures[("promise", "response", "2026", "cases")]["value"] == 10
    assert figures[("promise", "response", "2026", "share_kept")]["value"] == 0.8
    # days from receipt: 8, 8, 8, 14 × 5, 15
    assert figures[("promise", "response", "2026", "median_days")]["value"] == 14
    assert figures[("promise", "response", "2026", "p90_days")]["value"] == 15


def test_groups_under_five_cases_are_suppressed_everywhere(app, client):
    _build(app)
    with time_machine.travel(TODAY, tick=False):
        figures = _records(client)
        page = client.get("/kommune/glostrup/kvalitet").get_data(as_text=True)
        rows = list(csv.DictReader(io.StringIO(client.get("/kommune/glostrup/kvalitet.csv").get_data(as_text=True))))
    november = figures[("promise", "response", "2026-11", "cases")]
    assert (november["value"], november["suppressed"]) == (None, True)
    assert figures[("promise", "response", "2026-11", "share_kept")]["suppressed"] is True
    assert "færre end 5" in page
    assert "3" not in [row["value"] for row in rows if row["period"] == "2026-11"]
    by_key = {(r["section"], r["item"], r["period"], r["measure"]): r for r in rows}
    assert by_key[("promise", "response", "2026-11", "cases")]["suppressed"] == "1"
    assert by_key[("promise", "response", "2026-12", "cases")]["value"] == "7"


def test_training_start_counts_from_the_decision_in_hverdage(app, client):
    _build(app)
    with time_machine.travel(TODAY, tick=False):
        figures = _records(client)
    period = f"{START_DUE.year}-{START_DUE.month:02d}"
    assert figures[("promise", "start", period, "cases")]["value"] == 6
    assert figures[("promise", "start", period, "share_kept")]["value"] == round(5 / 6, 4)


def test_sessions_and_complaints_are_counted_by_kind(app, client):
    _build(app)
    with time_machine.travel(TODAY, tick=False):
        figures = _records(client)

    def count(section, item, period="2026"):
        record = figures[(section, item, period, "count")]
        return None if record["suppressed"] else record["value"]

    assert count("sessions", "sessions") == 11
    assert count("sessions", "no_show") == 5
    assert count("sessions", "illness") == 5
    assert count("sessions", "other") is None  # 2
    assert count("sessions", "late") is None  # 2
    assert count("sessions", "replacement") == 5  # the on-time illness cancellations
    assert count("sessions", "municipality") == 5
    assert count("sessions", "municipality_replacement") == 5
    assert count("sessions", "bereavement") == 0
    assert count("complaints", "decision.upheld") == 6
    assert count("complaints", "decision.kept") is None  # 1, forwarded to Ankestyrelsen
    # Reconsideration: 5 upheld by the date, 1 a hverdag after it; the forwarded one is not counted.
    assert figures[("promise", "reconsideration", "2026-11", "cases")]["value"] == 6
    assert figures[("promise", "reconsideration", "2026-11", "share_kept")]["value"] == round(5 / 6, 4)


def test_the_page_draws_accessible_charts_beside_tables(app, client):
    _build(app)
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/kommune/glostrup/kvalitet")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'role="img"' in html and 'aria-labelledby="chart-response-title chart-response-desc"' in html
    assert '<title id="chart-response-title">' in html
    assert html.count("<table") >= html.count("<svg class=\"quality-chart\"")
    assert "71 %" in html  # 5 of 7 in December


def test_unknown_municipality_has_no_quality_page(client):
    assert client.get("/kommune/atlantis/kvalitet").status_code == 404
    assert client.get("/kommune/atlantis/kvalitet.json").status_code == 404


def _open_case(app, reference_due: dict):
    from portal.auth.models import Person
    from portal.cases.models import Case
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.cpr == PEOPLE_BY_KEY["jens"].cpr))
        for reference, due in reference_due.items():
            db.session.add(Case(reference=reference, citizen_id=person.id, municipality_id="glostrup", law="sel_86_1",
                                status="received", received_at=_at(due - timedelta(days=14)), response_due=due,
                                applied_by_id=person.id, applied_as="self", answers={}))
        db.session.commit()


def test_staff_see_promises_missed_or_due_within_two_hverdage_earliest_first(app, client):
    load_demo(app)
    today = TODAY.date()
    _open_case(app, {"TP-Q01-AAA": today + timedelta(days=5),  # Tuesday 15 Dec: 3 hverdage away, not shown
                     "TP-Q02-AAA": today + timedelta(days=4),  # Monday 14 Dec: the 2nd hverdag, at risk
                     "TP-Q03-AAA": today - timedelta(days=1)})  # yesterday: missed
    with time_machine.travel(TODAY, tick=False):
        sign_in_staff(client, "lone")
        html = client.get("/medarbejder/frister").get_data(as_text=True)
    assert "TP-Q03-AAA" in html and "TP-Q02-AAA" in html
    assert "TP-Q01-AAA" not in html
    assert html.index("TP-Q03-AAA") < html.index("TP-Q02-AAA")
    assert "Overskredet" in html and "Udløber snart" in html


def test_a_therapist_does_not_follow_the_visitations_answers(app, client):
    load_demo(app)
    _open_case(app, {"TP-Q03-AAA": TODAY.date() - timedelta(days=1)})
    with time_machine.travel(TODAY, tick=False):
        sign_in_staff(client, "peter")
        html = client.get("/medarbejder/frister").get_data(as_text=True)
    assert "TP-Q03-AAA" not in html


def _close_birthes_case(app) -> str:
    from portal import clock
    from portal.extensions import db

    with app.app_context():
        from portal.demo import load

        world = load()
        case = world.extra["cases"]["birthe"]
        case.status, case.closed_on = "closed", clock.today()
        db.session.commit()
        return case.reference


def test_after_the_course_one_question_is_asked_once_and_counted(app, client):
    from portal.extensions import db
    from portal.quality.models import SatisfactionAnswer
    from tests.helpers import post, sign_in

    reference = _close_birthes_case(app)
    sign_in(client, "birthe")
    case_page = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert f"/mine-sager/{reference}/tilfredshed" in case_page
    url = f"/mine-sager/{reference}/tilfredshed"
    form = client.get(url).get_data(as_text=True)
    assert "Hvor tilfreds er du med dit træningsforløb?" in form
    assert "Skriv ikke dit navn, dit CPR-nummer eller noget om dit helbred" in form
    missing = post(client, url, {}, token_from=url)
    assert missing.status_code == 400 and "Vælg, hvor tilfreds du er." in missing.get_data(as_text=True)
    assert post(client, url, {"rating": "5", "comment": "Godt hold."}, token_from=url).status_code == 302
    assert client.get(url).status_code == 302  # answered: back to the case, once is enough
    assert f"/mine-sager/{reference}/tilfredshed" not in client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    with app.app_context():
        answers = db.session.scalars(select(SatisfactionAnswer)).all()
        assert [(a.about, a.rating, a.comment, a.municipality_id) for a in answers] == [
            ("course", 5, "Godt hold.", "glostrup")]
        year = answers[0].answered_on.year
        for n in range(4):
            db.session.add(SatisfactionAnswer(municipality_id="glostrup", about="course", subject_ref=f"TP-S{n}",
                                              rating=5, answered_on=answers[0].answered_on))
        db.session.commit()
    figures = _records(app.test_client())
    assert figures[("satisfaction", "course.5", str(year), "count")]["value"] == 5
    assert figures[("satisfaction", "course.4", str(year), "count")]["value"] == 0


def test_the_question_waits_until_the_course_has_ended(app, client):
    from tests.helpers import sign_in

    ids, _ = load_demo(app)
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        reference = db.session.scalar(select(Case.reference).where(Case.citizen_id == ids["birthe"], Case.status == "training"))
    sign_in(client, "birthe")
    assert client.get(f"/mine-sager/{reference}/tilfredshed").status_code == 409


def test_staff_see_a_training_start_due_within_two_hverdage_and_complaint_handlers_their_answers(app, client):
    from portal.auth.models import Person
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    load_demo(app)
    today = TODAY.date()
    decided = next(day for day in (today - timedelta(days=n) for n in range(20, 40))
                   if add_business_days(day, 20) == add_business_days(today, 1))  # due tomorrow's hverdag
    with app.app_context():
        jens = db.session.scalar(select(Person).where(Person.cpr == PEOPLE_BY_KEY["jens"].cpr))
        w = World.__new__(World)
        w.db, w.person, w.count = db, jens, 50
        case = w.case(received=decided - timedelta(days=10), due=None, decided=decided, status="decided")
        w.decision(case, decided)
        complaint_ref = w.complaint(case, "reconsidering", today - timedelta(days=30), None, today - timedelta(days=2))
        db.session.commit()
        case_ref = case.reference
    with time_machine.travel(TODAY, tick=False):
        sign_in_staff(client, "lone")
        visitation = client.get("/medarbejder/frister").get_data(as_text=True)
        complaints = app.test_client()
        sign_in_staff(complaints, "susanne")
        handler = complaints.get("/medarbejder/frister").get_data(as_text=True)
    assert case_ref in visitation and "Træningens start" in visitation
    assert complaint_ref not in visitation
    assert complaint_ref in handler and "Svar på klage over afgørelsen" in handler
    assert case_ref not in handler


def test_herlev_counts_the_training_start_in_days_from_the_visitation_visit(app, client):
    from portal.extensions import db

    visit = date(2026, 10, 16)  # Friday; 14 dage later is Friday 30 October
    with app.app_context():
        w = World(db)
        for started in [date(2026, 10, 30)] * 5 + [date(2026, 11, 2)]:  # on the last day; the next hverdag
            case = w.case(received=date(2026, 10, 1), due=None, status="training", started=started,
                          municipality_id="herlev")
            case.visitation_on = visit
        db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        figures = {(r["item"], r["period"], r["measure"]): r["value"]
                   for r in client.get("/kommune/herlev/kvalitet.json").get_json()["figures"]}
    assert figures[("start", "2026-10", "cases")] == 6
    assert figures[("start", "2026-10", "share_kept")] == round(5 / 6, 4)
    assert figures[("start", "2026", "median_days")] == 14


def test_a_relatives_application_counts_its_days_from_the_citizens_confirmation(app, client):
    from portal.extensions import db

    with app.app_context():
        w = World(db)
        for _ in range(5):
            case = w.case(received=date(2026, 11, 18), due=DUE, decided=DUE, status="decided")
            case.applied_as, case.confirmed_at = "relative_declared", _at(RECEIVED)
        db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        figures = _records(client)
    assert figures[("promise", "response", "2026", "median_days")]["value"] == 14  # from 23 November, not 18
    assert figures[("promise", "response", "2026", "share_kept")]["value"] == 1.0


def test_the_kept_page_is_only_for_anonymous_visitors_and_figures_are_recounted_when_the_time_is_up(app, client):
    from tests.helpers import sign_in

    load_demo(app)
    anonymous = client.get("/kommune/glostrup/kvalitet").get_data(as_text=True)
    signed_in = app.test_client()
    sign_in(signed_in, "birthe")
    assert "Log ud" not in anonymous
    assert "Log ud" in signed_in.get("/kommune/glostrup/kvalitet").get_data(as_text=True)
    before = _records(client)
    _build(app)
    assert _records(client) == before  # kept for QUALITY_CACHE_SECONDS
    app.config["QUALITY_CACHE_SECONDS"] = 0
    assert _records(client) != before


def test_kept_figures_speak_the_language_of_each_reader(app, client):
    _build(app)
    with time_machine.travel(TODAY, tick=False):
        danish = client.get("/kommune/glostrup/kvalitet").get_data(as_text=True)
        english = app.test_client()
        english.get("/sprog/en?next=/")
        page = english.get("/kommune/glostrup/kvalitet").get_data(as_text=True)
    assert "Kommunens første svar" in danish and "færre end 5" in danish
    assert "The start of training" in page and "fewer than 5" in page
    assert "Kommunens første svar" not in page


def test_after_a_complaint_is_answered_its_page_asks_the_question(app, client):
    from portal.extensions import db
    from portal.quality.models import SatisfactionAnswer
    from tests.helpers import post, sign_in

    with app.app_context():
        from portal.demo import load

        reference = load().extra["complaint"].reference  # Birthe's delivery complaint, answered by the provider
        db.session.commit()
    sign_in(client, "birthe")
    url = f"/klage/{reference}/tilfredshed"
    assert url in client.get(f"/klage/{reference}").get_data(as_text=True)
    assert "Hvor tilfreds er du med den måde, din klage blev behandlet på?" in client.get(url).get_data(as_text=True)
    assert post(client, url, {"rating": "2"}, token_from=url).status_code == 302
    with app.app_context():
        answer = db.session.scalar(select(SatisfactionAnswer))
        assert (answer.about, answer.rating, answer.comment, answer.subject_ref) == ("complaint", 2, None, reference)


def test_the_figures_take_the_same_statements_for_ten_cases_as_for_a_thousand(app):
    """Counted by the database, never a query per case (QUALITY_CACHE_SECONDS=0: counted on every request)."""
    from bench import seed
    from bench.queries import counting
    from portal.extensions import db

    app.config["QUALITY_CACHE_SECONDS"] = 0
    counts = []
    for size in (10, 1_000):
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.create_all()
            seed.seed_first_stage(seed.new_world(), size, size, size * 3)
            db.session.commit()
            engines = side.engines()
        client = app.test_client()
        with counting(*engines) as statements:
            assert client.get("/kommune/glostrup/kvalitet").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8
