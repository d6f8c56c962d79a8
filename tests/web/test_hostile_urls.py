"""Hostile parts of an address (control characters, ids beyond any column)
give a 404, never a 500, for citizens and staff alike, on both databases."""

import pytest

from tests.helpers import load_demo, sign_in, sign_in_staff

PATHS = [
    "/mine-sager/TP-%00", "/mine-sager/TP-%00/traek-tilbage", "/ansoeg/kvittering/TP-%00", "/klage/KL-%00",
    "/traeningsplan/TB-%00", "/medarbejder/sager/TP-%00", "/medarbejder/klager/KL-%00", "/kommune/x%00",
    "/kommune/glostrup/tilbud/x%00", "/hvilket-tilbud/x%00", "/ansoeg/x%00", "/kalender/x%00.ics", "/sprog/x%00",
    "/klage?about=decision&sag=%00", "/klage?about=delivery&tid=TB-%00", "/log-ind?next=/%00",
    "/fuldmagt/99999999999999999999", "/medarbejder/traening/99999999999999999999",
]


@pytest.mark.parametrize("who", ["citizen", "staff"])
def test_hostile_address_parts_are_not_found_never_a_crash(app, client, who):
    load_demo(app)
    if who == "citizen":
        sign_in(client, "birthe")
    else:
        sign_in_staff(client, "lone")
    for path in PATHS:
        assert client.get(path).status_code in (302, 403, 404), path
