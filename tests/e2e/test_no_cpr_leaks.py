"""No CPR number in any URL or log line during whole journeys: a relative
types a citizen's CPR number to apply for them, a citizen gives a fuldmagt
by CPR number, and OIDC-like sign-ins carry it in their claims."""

from __future__ import annotations

import logging
import re

import pytest

from portal.demo_people import PEOPLE
from tests.e2e.conftest import sign_in
from tests.e2e.test_apply_journeys import fill_application

pytestmark = pytest.mark.e2e

CPRS = [person.cpr for person in PEOPLE]
PATTERNS = [re.compile(re.escape(cpr)) for cpr in CPRS] + [re.compile(re.escape(f"{cpr[:6]}-{cpr[6:]}")) for cpr in CPRS]


def _leaks(text: str) -> list[str]:
    return [pattern.pattern for pattern in PATTERNS if pattern.search(text)]


def test_journeys_put_no_cpr_number_in_urls_or_logs(page, caplog):
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    with caplog.at_level(logging.DEBUG):
        sign_in(page, "Karen Nielsen")
        fill_application(page, who="En anden, for eksempel min mor, far eller ægtefælle",
                         relative=("1507813579", "Jens Nielsen", "Herlev Kommune"))
        sign_in(page, "Jens Nielsen")
        page.goto("/fuldmagt/ny")
        page.get_by_label("Den pårørendes cpr-nummer").fill("051279-2244")
        page.get_by_label("Den pårørendes fulde navn").fill("Karen Nielsen")
        page.get_by_label("Se afgørelser og træningsplan").check()
        page.get_by_role("button", name="Giv fuldmagt").click()
        page.goto("/fuldmagt/ny")
        page.get_by_label("Den pårørendes cpr-nummer").fill("1507813579")  # oneself: refused, and not logged
        page.get_by_label("Den pårørendes fulde navn").fill("Jens")
        page.get_by_role("button", name="Giv fuldmagt").click()
        for path in ("/mine-sager", "/traeningsplan", "/aktivitet", "/fuldmagt"):
            page.goto(path)
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert caplog.records, "the live server's request log is captured"
    assert _leaks(logged) == []
    assert [url for url in urls if _leaks(url)] == []
    html = page.content()
    assert "051279-XXXX" in html and "0512792244" not in html
