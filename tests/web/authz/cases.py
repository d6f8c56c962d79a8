"""Authorisation expectations for the citizen's cases /mine-sager (portal/cases/views.py).

Confirming a relative's application and withdrawing consent need the
"apply" scope; seeing cases needs "view". Birthe's demo case is not
awaiting confirmation, so the confirmation page redirects to the case."""


def placeholders(world, db) -> dict:
    """{source}: a consent source (Birthe's demo case gave consent to it)."""
    return {"source": "gp"}


EXPECTATIONS = {
    # cases.my_cases
    ("GET", "/mine-sager"): {
        "anonymous": 302,
        "citizen_a": 200,
        "citizen_b": 200,
        "relative_all": 200,
        "relative_one": 200,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # cases.case (rule /mine-sager/<reference>)
    ("GET", "/mine-sager/{case_ref}"): {
        "anonymous": 302,
        "citizen_a": 200,
        "citizen_b": 404,
        "relative_all": 200,
        "relative_one": 200,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # cases.confirm
    ("GET", "/mine-sager/{case_ref}/bekraeft"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 404,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # cases.confirm
    ("POST", "/mine-sager/{case_ref}/bekraeft"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 404,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # cases.withdraw_consent (rule /mine-sager/<reference>/samtykke/<source>)
    ("POST", "/mine-sager/{case_ref}/samtykke/{source}"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 404,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
}

# Birthe's demo case is decided: withdrawing it only leads back to the case.
for _method in ("GET", "POST"):
    EXPECTATIONS[(_method, "/mine-sager/{case_ref}/traek-tilbage")] = {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 404,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    }

POST_DATA: dict = {}
