"""Sign-in, fuldmagt and activity routes."""

from .public import everyone

ENDED = {"relative_expired": 403, "relative_revoked": 403}  # the grant-ended refusal comes first


def roles(**statuses) -> dict:
    result = dict(statuses)
    for role, status in ENDED.items():
        result.setdefault(role, status)
    return result


CITIZEN_SELF_ONLY = roles(anonymous=302, citizen_a=200, citizen_b=200, relative_all=403, relative_one=403,
                          staff_same=403, staff_other=403)

EXPECTATIONS = {
    ("GET", "/log-ind"): roles(anonymous=200, citizen_a=200, citizen_b=200, relative_all=200, relative_one=200,
                               staff_same=200, staff_other=200),
    ("GET", "/log-ind/mitid"): roles(**{r: 404 for r in everyone(0) if r not in ENDED}),
    ("GET", "/log-ind/svar"): roles(**{r: 404 for r in everyone(0) if r not in ENDED}),
    ("POST", "/log-ind/demo"): roles(**{r: 302 for r in everyone(0) if r not in ENDED}),
    ("GET", "/medarbejder/log-ind"): roles(**{r: 200 for r in everyone(0) if r not in ENDED}),
    ("GET", "/medarbejder/log-ind/start"): roles(**{r: 404 for r in everyone(0) if r not in ENDED}),
    ("GET", "/medarbejder/log-ind/svar"): roles(**{r: 404 for r in everyone(0) if r not in ENDED}),
    ("POST", "/medarbejder/log-ind/demo"): roles(**{r: 302 for r in everyone(0) if r not in ENDED}),
    ("GET", "/log-ud"): roles(anonymous=302, citizen_a=200, citizen_b=200, relative_all=200, relative_one=200,
                              staff_same=200, staff_other=200),
    ("POST", "/log-ud"): everyone(302),
    ("GET", "/session/status"): roles(**{r: 200 for r in everyone(0) if r not in ENDED}),
    ("POST", "/session/forlaeng"): roles(**{r: 302 for r in everyone(0) if r not in ENDED}),
    ("GET", "/vaelg-person"): {**everyone(200), "anonymous": 302, "staff_same": 302, "staff_other": 302},
    ("POST", "/vaelg-person"): everyone(302),
    ("POST", "/skift-til-mig"): roles(**{r: 302 for r in everyone(0) if r not in ENDED}),
    ("GET", "/min-side"): roles(anonymous=302, citizen_a=200, citizen_b=200, relative_all=200, relative_one=200,
                                staff_same=403, staff_other=403),
    ("GET", "/fuldmagt"): CITIZEN_SELF_ONLY,
    ("GET", "/fuldmagt/ny"): CITIZEN_SELF_ONLY,
    ("POST", "/fuldmagt/ny"): {**CITIZEN_SELF_ONLY, "citizen_a": 302, "citizen_b": 302},
    ("GET", "/fuldmagt/{grant_id}"): {**CITIZEN_SELF_ONLY, "citizen_b": 404},
    ("POST", "/fuldmagt/{grant_id}"): {**CITIZEN_SELF_ONLY, "citizen_a": 302, "citizen_b": 404},
    ("POST", "/fuldmagt/{grant_id}/tilbagekald"): {**CITIZEN_SELF_ONLY, "citizen_a": 302, "citizen_b": 404},
    ("POST", "/fuldmagt/{grant_id}/afvis"): {**CITIZEN_SELF_ONLY, "citizen_a": 404, "citizen_b": 404},
    ("GET", "/aktivitet"): CITIZEN_SELF_ONLY,
}

POST_DATA = {
    ("POST", "/vaelg-person"): {"person": "self"},
    ("POST", "/log-ind/demo"): {"who": "birthe"},
    ("POST", "/medarbejder/log-ind/demo"): {"who": "lone"},
    ("POST", "/fuldmagt/ny"): {"holder_cpr": "2202881357", "holder_name": "Ali Yilmaz", "scopes": ["view"]},
    ("POST", "/fuldmagt/{grant_id}"): {"scopes": ["view"]},
}
