"""Authorisation expectations for the quality follow-up (portal/quality/views.py).

The quality page and its open data are public: the same answer for everyone.
The list of promises about to be missed is for any staff member, each seeing
their own municipality's promises for their roles."""

from tests.web.authz.public import everyone

EXPECTATIONS = {
    ("GET", "/kommune/{municipality_id}/kvalitet"): everyone(200),
    ("GET", "/kommune/{municipality_id}/kvalitet.csv"): everyone(200),
    ("GET", "/kommune/{municipality_id}/kvalitet.json"): everyone(200),
    # quality.deadlines
    ("GET", "/medarbejder/frister"): {
        "anonymous": 302,
        "citizen_a": 403,
        "citizen_b": 403,
        "relative_all": 403,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 200,
        "staff_other": 200,
    },
}
