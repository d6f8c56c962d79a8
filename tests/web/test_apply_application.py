"""The application /ansoeg: one question per page, the draft, Tjek dine svar,
submitting once, the receipt, and who may apply for whom."""

from __future__ import annotations

import re
import threading
from datetime import datetime

import time_machine
from sqlalchemy import func, select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import csrf_token, load_demo, post, sign_in

# Thursday 17 December 2026: 10 hverdage later is Wednesday 6 January 2027
# (24, 25, 26 and 31 December and 1 January are not hverdage).
THURSDAY = datetime(2026, 12, 17, 10, 0, tzinfo=COPENHAGEN)
PROMISED = "onsdag den 6. januar 2027"

WHAT_HAPPENED = "Lungebetaendelse-hemmelig, meget svag i benene"

ANSWERS = {
    "hvem": {"who": "self"},
    "behov": {"onset": "sudden"},
    "sygehus": {"hospital": "no"},
    "henvisning": {"referral": "no"},
    "hvad-skete": {"what_happened": WHAT_HAPPENED, "happened_on": "01.11.2025"},
    "aktiviteter": {"activities": ["hygiene", "shopping"]},
    "niveau-1": {"level": "2"},
    "niveau-2": {"level": "0"},
    "maal": {"goal": "Gå til bageren igen"},
    "praktisk": {"needs": ["transport", "interpreter"], "interpreter_language": "tyrkisk"},
    "samtykke": {"consents": ["gp", "hospital"]},
    "bisidder": {"bisidder": "yes"},
    "kontakt": {"contact_method": "phone", "phone": "12 34 56 78", "contact_time": "morning"},
}

RELATIVE = {
    "hvem": {"who": "relative"},
    "borger": {"citizen_cpr": "150781-3579", "citizen_name": "Jens Nielsen"},
    "kommune": {"municipality_id": "herlev"},
    "erklaering": {"declared": "y"},
}


def page_of(location: str) -> str:
    return location.split("/ansoeg/", 1)[1].split("?", 1)[0] if "/ansoeg/" in location else location


def start(client):
    response = post(client, "/ansoeg", {}, token_from="/ansoeg")
    assert response.status_code == 302
    return response.headers["Location"]


def answer_until_check(client, answers: dict, location: str | None = None, seen: list | None = None) -> str:
    """Answer each page the application asks for, from `answers`, until Tjek dine svar."""
    location = location or start(client)
    for _ in range(30):
        if seen is not None:
            seen.append(location)
        page = page_of(location)
        if page == "tjek":
            return location
        response = post(client, location, answers[page], token_from=location)
        assert response.status_code == 302, (page, _errors(response))
        location = response.headers["Location"]
    raise AssertionError("the application never reached Tjek dine svar")


def submit(client):
    html = client.get("/ansoeg/tjek").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    return post(client, "/ansoeg/tjek", {"token": token}, token_from="/ansoeg/tjek"), token


def apply(client, answers=None):
    """The whole application: answer, check, send. Returns the receipt response."""
    answer_until_check(client, answers or ANSWERS)
    response, _ = submit(client)
    assert response.status_code == 302, _errors(response)
    assert "/ansoeg/kvittering/" in response.headers["Location"]
    return client.get(response.headers["Location"])


def _errors(response) -> str:
    html = response.get_data(as_text=True)
    match = re.search(r'id="error-summary-heading".*?</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(0)) if match else html[:300]


def _cases(app):
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        return db.session.scalars(select(Case).order_by(Case.id)).all()


def _new_case(app, before: int):
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        cases = db.session.scalars(select(Case).order_by(Case.id)).all()
        assert len(cases) == before + 1
        case = cases[-1]
        db.session.expunge_all()
        return case


def _count(app) -> int:
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


def _audit(app, action):
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        db.session.expunge_all()
        return entries


# ------------------------------------------------------------- on one's own

def test_a_citizen_applies_on_their_own_and_the_receipt_promises_the_rules_date(app, client):
    ids, _ = load_demo(app)
    before = _count(app)
    with time_machine.travel(THURSDAY, tick=False):
        sign_in(client, "jens")
        receipt = apply(client)
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert "Ansøgningen er sendt" in html
    assert f"Kommunen kontakter dig for at aftale et visitationsbesøg senest {PROMISED}." in html
    assert "Hvad sker der nu?" in html and "data-print" in html
    assert WHAT_HAPPENED in html  # the answers are on the receipt
    case = _new_case(app, before)
    assert case.citizen_id == ids["jens"] and case.applied_by_id == ids["jens"]
    assert case.applied_as == "self" and case.status == "received"
    assert case.municipality_id == "herlev" and case.law == "sel_86_1"
    assert str(case.response_due) == "2027-01-06"
    assert case.reference in html


def test_the_reference_is_short_readable_and_not_a_database_id(app, client):
    load_demo(app)
    sign_in(client, "jens")
    apply(client)
    for case in _cases(app):
        assert re.fullmatch(r"TP-[346789ABCDEFGHJKMNPQRTUVWXY]{3}-[346789ABCDEFGHJKMNPQRTUVWXY]{3}", case.reference)


def test_who_applied_and_the_consent_answers_are_stored_with_the_case_and_audited(app, client):
    ids, _ = load_demo(app)
    before = _count(app)
    sign_in(client, "jens")
    apply(client)
    case = _new_case(app, before)
    from portal.cases.models import Consent
    from portal.extensions import db

    with app.app_context():
        consents = {c.source: c.given for c in db.session.scalars(select(Consent).where(Consent.case_id == case.id))}
    assert consents == {"gp": True, "hospital": True, "home_care": False, "municipal": False}
    assert case.answers["consents"] == ["gp", "hospital"]
    entry = next(e for e in _audit(app, "application.submit") if e.object_ref == case.reference)
    assert entry.actor_person_id == ids["jens"] and entry.subject_person_id == ids["jens"]
    assert "applied_as=self" in entry.detail
    assert "gp=ja" in entry.detail and "home_care=nej" in entry.detail
    assert WHAT_HAPPENED not in entry.detail and "1507813579" not in entry.detail


def test_refusing_every_consent_still_sends_the_application(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "jens")
    receipt = apply(client, {**ANSWERS, "samtykke": {"consents": ["none"]}})
    assert "Kommunen træffer afgørelsen på de oplysninger, den har." in receipt.get_data(as_text=True)
    case = _new_case(app, before)
    assert case.status == "received"
    from portal.cases.models import Consent
    from portal.extensions import db

    with app.app_context():
        assert not any(c.given for c in db.session.scalars(select(Consent).where(Consent.case_id == case.id)))


def test_the_consent_page_says_plainly_what_saying_no_means(app, client):
    load_demo(app)
    sign_in(client, "jens")
    answers = {k: v for k, v in ANSWERS.items() if k not in ("samtykke", "bisidder", "kontakt")}
    location = start(client)
    for _ in range(20):
        page = page_of(location)
        if page == "samtykke":
            break
        location = post(client, location, answers[page], token_from=location).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "Så træffer kommunen afgørelsen på de oplysninger, den har." in html
    for source in ("Din egen læge", "Sygehuset", "Hjemmeplejen", "Andre afdelinger i kommunen"):
        assert source in html
    response = post(client, location, {"consents": ["none", "gp"]}, token_from=location)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Der er et problem" in html
    assert 'value="gp" checked' in html and 'value="none" checked' in html


# ------------------------------------------------------------ for someone else

def test_a_relative_with_a_fuldmagt_applies_in_the_citizens_name(app, client):
    ids, _ = load_demo(app)
    before = _count(app)
    with time_machine.travel(THURSDAY, tick=False):
        sign_in(client, "mette", act_for="birthe")
        html = client.get("/ansoeg/behov").get_data(as_text=True)
        answers = {k: v for k, v in ANSWERS.items() if k != "hvem"}
        receipt = apply(client, answers)
    html = receipt.get_data(as_text=True)
    assert f"Birthe Hansen får en afgørelse senest {PROMISED}." in html  # the receipt names whose case
    assert "Fristen regnes fra torsdag den" in html and "da kommunen modtog ansøgningen" in html
    case = _new_case(app, before)
    assert case.citizen_id == ids["birthe"] and case.applied_by_id == ids["mette"]
    assert case.applied_as == "fuldmagt" and case.municipality_id == "glostrup" and case.status == "received"
    entry = next(e for e in _audit(app, "application.submit") if e.object_ref == case.reference)
    assert entry.actor_person_id == ids["mette"] and entry.subject_person_id == ids["birthe"]
    assert "applied_as=fuldmagt" in entry.detail


def test_the_fuldmagt_holder_is_told_that_you_means_the_citizen(app, client):
    load_demo(app)
    sign_in(client, "mette", act_for="birthe")
    location = start(client)
    assert page_of(location) == "behov"  # not asked who it is for
    html = client.get(location).get_data(as_text=True)
    assert "Når vi skriver »du«, mener vi Birthe Hansen." in html


def test_a_fuldmagt_without_the_apply_scope_cannot_apply(app, client):
    ids, _ = load_demo(app)
    _grant(app, ids["birthe"], ids["karen"], "view")
    sign_in(client, "karen", act_for="birthe")
    response = client.get("/ansoeg")
    assert response.status_code == 403
    assert "Din fuldmagt dækker ikke dette" in response.get_data(as_text=True)


def _grant(app, grantor_id, holder_id, scopes):
    from portal import clock
    from portal.auth.models import Grant
    from portal.extensions import db

    with app.app_context():
        now = clock.now()
        db.session.add(Grant(grantor_id=grantor_id, holder_id=holder_id, scopes=scopes, created_at=now, updated_at=now))
        db.session.commit()


def test_a_relative_without_a_fuldmagt_applies_and_the_case_waits_for_the_citizen(app, client):
    ids, _ = load_demo(app)
    before = _count(app)
    sign_in(client, "karen")
    receipt = apply(client, {**ANSWERS, **RELATIVE})
    html = receipt.get_data(as_text=True)
    assert "Ansøgningen for Jens Nielsen er sendt" in html
    assert "Jens Nielsen skal bekræfte ansøgningen" in html
    assert "Du kan ikke følge sagen." in html
    # whose case, which date, and what the count starts from (the confirmation)
    from portal import clock, municipalities
    from portal.rules.deadlines import deadline_date

    with app.test_request_context():
        from portal import i18n

        promised = i18n.long_date(deadline_date(municipalities.get("herlev").deadlines.response.rule, clock.today()))
    assert f"Kommunen kontakter Jens Nielsen for at aftale et visitationsbesøg senest {promised}." in html
    assert "Fristen regnes fra den dag, Jens Nielsen bekræfter ansøgningen." in html
    case = _new_case(app, before)
    assert case.citizen_id == ids["jens"] and case.applied_by_id == ids["karen"]
    assert case.applied_as == "relative_declared" and case.status == "awaiting_confirmation"
    assert case.response_due is None and case.municipality_id == "herlev"
    assert case.answers["declared_consent"] is True
    assert "citizen_cpr" not in case.answers  # the CPR number lives on the person only
    # Karen sees nothing of the case afterwards: not in her cases, not the case page.
    assert case.reference not in client.get("/mine-sager").get_data(as_text=True)
    assert client.get(f"/mine-sager/{case.reference}").status_code == 404
    # and after signing in again, not even the receipt
    post(client, "/log-ud", token_from="/min-side")
    sign_in(client, "karen")
    assert client.get(f"/ansoeg/kvittering/{case.reference}").status_code == 404


def test_a_relative_cannot_name_themselves(app, client):
    load_demo(app)
    sign_in(client, "karen")
    location = start(client)
    post(client, location, {"who": "relative"}, token_from=location)
    response = post(client, "/ansoeg/borger", {"citizen_cpr": "0512792244", "citizen_name": "Karen Nielsen"},
                    token_from="/ansoeg/borger")
    assert response.status_code == 200
    assert "Det er dit eget cpr-nummer." in response.get_data(as_text=True)


def test_a_relative_naming_someone_new_creates_them_in_the_chosen_municipality(app, client):
    from portal.auth.models import Person
    from portal.extensions import db

    load_demo(app)
    before = _count(app)
    sign_in(client, "karen")
    apply(client, {**ANSWERS, **RELATIVE, "borger": {"citizen_cpr": "0101901234", "citizen_name": "Ole Olsen"},
                   "kommune": {"municipality_id": "ballerup"}})
    case = _new_case(app, before)
    with app.app_context():
        ole = db.session.scalar(select(Person).where(Person.cpr == "0101901234"))
        assert ole.name == "Ole Olsen" and ole.municipality_id == "ballerup"
    assert case.citizen_id == ole.id and case.municipality_id == "ballerup"


def test_a_known_persons_own_municipality_wins_over_the_relatives_answer(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "karen")
    apply(client, {**ANSWERS, **RELATIVE, "kommune": {"municipality_id": "glostrup"}})
    assert _new_case(app, before).municipality_id == "herlev"


# ------------------------------------------------------------------- guidance

def test_in_hospital_the_application_stops_and_points_to_the_hospital_plan(app, client):
    load_demo(app)
    sign_in(client, "jens")
    location = start(client)
    location = post(client, location, ANSWERS["hvem"], token_from=location).headers["Location"]
    location = post(client, location, ANSWERS["behov"], token_from=location).headers["Location"]
    response = post(client, location, {"hospital": "now"}, token_from=location)
    assert page_of(response.headers["Location"]) == "vejledning"
    html = client.get("/ansoeg/vejledning").get_data(as_text=True)
    assert "Du skal have en genoptræningsplan fra sygehuset" in html
    assert "sundhedsloven § 140" in html
    assert "Søg alligevel" not in html
    # The application cannot go on past it.
    assert page_of(client.get("/ansoeg/hvad-skete").headers["Location"]) == "vejledning"
    assert page_of(client.get("/ansoeg/tjek").headers["Location"]) == "vejledning"
    response = post(client, "/ansoeg/vejledning", {}, token_from="/ansoeg/vejledning")
    assert response.status_code == 200
    # Changing the answer lets the application continue, with the question the rules now need.
    response = post(client, "/ansoeg/sygehus", {"hospital": "no"}, token_from="/ansoeg/sygehus")
    assert page_of(response.headers["Location"]) == "henvisning"


def test_the_municipalitys_other_route_is_shown_and_one_may_apply_anyway(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "karen")
    # Born 1 January 1950, living in Herlev: above folkepensionsalder, genoptræning, needs pleje og omsorg.
    answers = {**ANSWERS, **RELATIVE, "borger": {"citizen_cpr": "0101501234", "citizen_name": "Else Olsen"},
               "pleje": {"care": "yes"}, "vejledning": {}}
    seen = []
    answer_until_check(client, answers, seen=seen)
    assert "/ansoeg/vejledning" in seen
    html = client.get("/ansoeg/vejledning").get_data(as_text=True)
    assert "Helhedspleje efter ældreloven" in html and "Søg alligevel" in html
    submit(client)
    assert _new_case(app, before).law == "sel_86_1"


# ------------------------------------------------------------------ robustness

def test_a_validation_error_shows_the_summary_and_keeps_every_answer(app, client):
    load_demo(app)
    sign_in(client, "jens")
    location = start(client)
    for page in ("hvem", "behov", "sygehus", "henvisning"):
        location = post(client, location, ANSWERS[page], token_from=location).headers["Location"]
    assert page_of(location) == "hvad-skete"
    response = post(client, location, {"what_happened": "Jeg faldt", "happened_on": "32.13.2026"}, token_from=location)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er et problem" in html and 'href="#happened_on"' in html
    assert "Skriv datoen som dag.måned.år" in html
    assert ">Jeg faldt</textarea>" in html and 'value="32.13.2026"' in html
    assert 'value="sudden" checked' in client.get("/ansoeg/behov").get_data(as_text=True)


def test_a_wrong_or_tampered_choice_is_an_error_never_a_crash(app, client):
    load_demo(app)
    sign_in(client, "jens")
    location = start(client)
    response = post(client, location, {"who": "<script>"}, token_from=location)
    assert response.status_code == 200 and "Vælg, om du søger for dig selv eller for en anden." in response.get_data(as_text=True)
    post(client, location, ANSWERS["hvem"], token_from=location)
    post(client, "/ansoeg/behov", ANSWERS["behov"], token_from="/ansoeg/behov")
    post(client, "/ansoeg/sygehus", ANSWERS["sygehus"], token_from="/ansoeg/sygehus")
    post(client, "/ansoeg/henvisning", ANSWERS["henvisning"], token_from="/ansoeg/henvisning")
    post(client, "/ansoeg/hvad-skete", ANSWERS["hvad-skete"], token_from="/ansoeg/hvad-skete")
    response = post(client, "/ansoeg/aktiviteter", {"activities": ["bogus"]}, token_from="/ansoeg/aktiviteter")
    assert response.status_code == 200 and "Der er et problem" in response.get_data(as_text=True)
    assert client.get("/ansoeg/findes-ikke").status_code == 404
    assert client.get("/ansoeg/niveau-99").status_code == 302


def test_changing_an_answer_from_check_your_answers_returns_there(app, client):
    load_demo(app)
    sign_in(client, "jens")
    answer_until_check(client, ANSWERS)
    html = client.get("/ansoeg/tjek").get_data(as_text=True)
    assert "/ansoeg/maal?fra=tjek" in html
    response = post(client, "/ansoeg/maal?fra=tjek", {"goal": "Cykle igen"}, token_from="/ansoeg/maal?fra=tjek")
    assert response.headers["Location"].endswith("/ansoeg/tjek")
    assert "Cykle igen" in client.get("/ansoeg/tjek").get_data(as_text=True)
    # A change that adds a question asks it first, then returns to the check page.
    response = post(client, "/ansoeg/aktiviteter?fra=tjek", {"activities": ["hygiene", "shopping", "social"]},
                    token_from="/ansoeg/aktiviteter?fra=tjek")
    assert response.headers["Location"].endswith("/ansoeg/niveau-3?fra=tjek")
    response = post(client, "/ansoeg/niveau-3?fra=tjek", {"level": "1"}, token_from="/ansoeg/niveau-3?fra=tjek")
    assert response.headers["Location"].endswith("/ansoeg/tjek")


def test_submitting_twice_makes_one_application(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "jens")
    answer_until_check(client, ANSWERS)
    first, token = submit(client)
    again = post(client, "/ansoeg/tjek", {"token": token}, token_from="/min-side")
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert "allerede sendt" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert _count(app) == before + 1


def test_two_tabs_on_the_check_page_make_one_application(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "jens")
    answer_until_check(client, ANSWERS)
    other_tab = app.test_client()
    other_tab.set_cookie("tp_session", client.get_cookie("tp_session").value)
    html = other_tab.get("/ansoeg/tjek").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    stale_form = csrf_token(other_tab, "/ansoeg/tjek")
    submit(client)
    response = post(other_tab, "/ansoeg/tjek", {"token": token, "csrf_token": stale_form})
    assert "/ansoeg/kvittering/" in response.headers["Location"]
    assert _count(app) == before + 1


def test_simultaneous_submits_make_one_application(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "jens")
    answer_until_check(client, ANSWERS)
    html = client.get("/ansoeg/tjek").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    csrf = csrf_token(client, "/ansoeg/tjek")
    cookie = client.get_cookie("tp_session").value
    results = []

    def send():
        tab = app.test_client()
        tab.set_cookie("tp_session", cookie)
        results.append(tab.post("/ansoeg/tjek", data={"token": token, "csrf_token": csrf}))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count(app) == before + 1
    locations = {r.headers.get("Location") for r in results}
    assert len(locations) == 1 and "/ansoeg/kvittering/" in locations.pop()


def test_the_draft_is_saved_after_every_page_and_survives_signing_out(app, client):
    load_demo(app)
    sign_in(client, "jens")
    location = start(client)
    for page in ("hvem", "behov", "sygehus", "henvisning"):
        location = post(client, location, ANSWERS[page], token_from=location).headers["Location"]
    post(client, "/log-ud", token_from="/min-side")
    sign_in(client, "jens")
    assert "Du er i gang med en ansøgning om træning" in client.get("/min-side").get_data(as_text=True)
    html = client.get("/ansoeg").get_data(as_text=True)
    assert "Fortsæt ansøgningen" in html and "Start forfra" in html
    response = post(client, "/ansoeg", {}, token_from="/ansoeg")
    assert page_of(response.headers["Location"]) == "hvad-skete"
    assert 'value="no" checked' in client.get("/ansoeg/sygehus").get_data(as_text=True)


def test_starting_again_discards_the_unsent_draft(app, client):
    load_demo(app)
    sign_in(client, "jens")
    location = start(client)
    post(client, location, ANSWERS["hvem"], token_from=location)
    response = post(client, "/ansoeg", {"restart": "1"}, token_from="/ansoeg")
    assert page_of(response.headers["Location"]) == "hvem"
    assert "checked" not in client.get("/ansoeg/hvem").get_data(as_text=True)


def test_a_stale_check_page_after_starting_again_sends_nothing(app, client):
    load_demo(app)
    before = _count(app)
    sign_in(client, "jens")
    answer_until_check(client, ANSWERS)
    html = client.get("/ansoeg/tjek").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    post(client, "/ansoeg", {"restart": "1"}, token_from="/ansoeg")
    response = post(client, "/ansoeg/tjek", {"token": token}, token_from="/ansoeg")
    assert response.headers["Location"].endswith("/ansoeg")
    assert _count(app) == before


def test_health_information_is_never_in_a_url_or_a_log_line(app, client, caplog):
    load_demo(app)
    sign_in(client, "jens")
    seen: list[str] = []
    with caplog.at_level("DEBUG"):
        answer_until_check(client, ANSWERS, seen=seen)
        response, _ = submit(client)
        seen.append(response.headers["Location"])
    for url in seen:
        for secret in (WHAT_HAPPENED, "hygiene", "shopping", "transport", "tyrkisk", "indlagt"):
            assert secret not in url
    for record in caplog.records:
        assert WHAT_HAPPENED not in record.getMessage()


def test_someone_elses_receipt_is_not_found(app, client):
    load_demo(app)
    birthe_case = next(case for case in _cases(app) if case.municipality_id == "glostrup")
    sign_in(client, "jens")
    assert client.get(f"/ansoeg/kvittering/{birthe_case.reference}").status_code == 404
    assert client.get("/ansoeg/kvittering/TP-XXX-XXX").status_code == 404


def test_signed_out_the_application_asks_you_to_sign_in(app, client):
    load_demo(app)
    response = client.get("/ansoeg")
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]


def test_every_page_of_the_application_has_one_heading_and_the_trinindikator(app, client):
    load_demo(app)
    sign_in(client, "jens")
    seen: list[str] = []
    answer_until_check(client, ANSWERS, seen=seen)
    for url in seen:
        html = client.get(url).get_data(as_text=True)
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert "step-indicator" in html, url
        assert 'class="back-link"' in html, url
    response, _ = submit(client)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_a_relatives_receipt_in_english_names_the_citizen_and_when_the_count_starts(app, client):
    load_demo(app)
    sign_in(client, "karen")
    receipt = apply(client, {**ANSWERS, **RELATIVE})
    client.set_cookie("sprog", "en")
    html = client.get(receipt.request.path).get_data(as_text=True)
    assert "The municipality contacts Jens Nielsen to arrange an assessment visit" in html
    assert "The deadline counts from the day Jens Nielsen confirms the application." in html
