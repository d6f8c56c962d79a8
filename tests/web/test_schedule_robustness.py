"""No input gives a 500: odd values in every schedule form, odd references in every URL."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token, sign_in, sign_in_staff
from tests.web import schedule_support as support

ODD = ["", " ", "abc", "\x00abc", "-1", "0", "99999999999999999999999", "1.5", "<script>", "x" * 5000, "31.02.2026", "25.61"]


@pytest.fixture
def demo(app):
    return support.load(app)


def _posts(client, url, fields, extra=None):
    token = csrf_token(client, "/log-ind")
    for field in fields:
        for value in ODD:
            data = dict(extra or {})
            data[field] = value
            data["csrf_token"] = token
            response = client.post(url, data=data)
            assert response.status_code < 500, (url, field, value[:20], response.status_code)


def test_odd_values_in_the_citizens_forms(app, client, demo):
    sign_in(client, "birthe")
    reference = demo.upcoming[-1][0]
    _posts(client, f"/traeningsplan/{reference}/afbud", ["reason", "step", "shown"], {"reason": "other", "step": "confirm"})
    _posts(client, f"/traeningsplan/{reference}/flyt", ["slot"])
    _posts(client, f"/traeningsplan/{reference}/erstatning", ["slot"])
    for url in ("/traeningsplan/%s" % ("x" * 300), "/traeningsplan/%3Cscript%3E/afbud", "/mine-sager/%00/afgoerelse",
                "/kalender/%s.ics" % ("y" * 500), "/traeningsplan/../../etc/passwd"):
        assert client.get(url).status_code in (404, 308), url


def test_odd_values_in_the_staff_forms(app, client, demo):
    sign_in_staff(client, "peter")
    slot_id = support.booking(app, demo.upcoming[0][0])["slot_id"]
    base = {"offer_id": "genoptraening", "form": "hold", "capacity": "4", "place": "Sal", "therapist": "Peter",
            "minutes": "45", "repeat": "series", "first_day": "01.12.2030", "start_time": "10.00",
            "weekdays": "1", "weeks": "2", "case": ""}
    _posts(client, "/medarbejder/traening/ny", list(base), base)
    _posts(client, f"/medarbejder/traening/{slot_id}/aflys", ["note", "replacement", "new_day", "new_time"],
           {"note": "Syg", "replacement": "new", "new_day": "01.12.2030", "new_time": "10.00"})
    _posts(client, f"/medarbejder/traening/{slot_id}/fremmoede", ["booking", "status"])
    _posts(client, f"/medarbejder/traening/forloeb/{demo.birthe_case}/book", ["slot"])
    for url in ("/medarbejder/traening/99999999999", "/medarbejder/traening/99999999999/aflys",
                "/medarbejder/traening/ny?case=TP-NOT-HERE", "/medarbejder/traening/forloeb/%00"):
        assert client.get(url).status_code == 404, url


def test_odd_values_in_the_decision_form(app, client, demo):
    reference = support.make_case(app, "mette")
    sign_in_staff(client, "lone")
    fields = ["outcome", "legal_basis", "offer_id", "form", "frequency", "session_minutes", "max_sessions",
              "period_start", "period_end", "purpose", "goals", "provider", "contact_person", "contact_phone",
              "reasons", "alternatives", "decided_on", "received_on"]
    base = {"outcome": "granted", "legal_basis": "SEL § 86", "reasons": "Fordi", "decided_on": "01.01.2026",
            "received_on": "02.01.2026"}
    _posts(client, f"/medarbejder/sager/{reference}/afgoerelse", fields, base)
