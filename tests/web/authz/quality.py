"""Authorisation expectations for the quality follow-up (portal/quality/views.py).

The quality page and its open data are public: the same answer for everyone.
The list of promises about to be missed is for any staff member, each seeing
their own municipality's promises for their roles.

The satisfaction question is the citizen's own opinion: relatives acting for
Birthe are refused (403, "Skift til dig selv først"), as are staff; someone
else's object is 404. Birthe's case is still in training, so its question is
not asked yet (409); her complaint is answered, so she may answer (200, and a
valid answer goes back to the complaint, 302)."""

from tests.web.authz.public import everyone

SELF_ONLY = {
    "anonymous": 302,
    "citizen_a": 200,
    "citizen_b": 404,
    "relative_all": 403,
    "relative_one": 403,
    "relative_expired": 403,
    "relative_revoked": 403,
    "staff_same": 403,
    "staff_other": 403,
}

EXPECTATIONS = {
    ("GET", "/mine-sager/{case_ref}/tilfredshed"): {**SELF_ONLY, "citizen_a": 409},
    ("POST", "/mine-sager/{case_ref}/tilfredshed"): {**SELF_ONLY, "citizen_a": 409},
    ("GET", "/klage/{complaint_ref}/tilfredshed"): SELF_ONLY,
    ("POST", "/klage/{complaint_ref}/tilfredshed"): {**SELF_ONLY, "citizen_a": 302},
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

POST_DATA = {
    ("POST", "/mine-sager/{case_ref}/tilfredshed"): {"rating": "4"},
    ("POST", "/klage/{complaint_ref}/tilfredshed"): {"rating": "4", "comment": "Fint svar."},
}
