"""Authorisation expectations for the visitation inbox /medarbejder (portal/staff/views.py).

Anonymous visitors are sent to the staff sign-in (302); citizens and
relatives are refused with a message (403, staff_required); staff of
another municipality get 404 for Birthe's Glostrup case. Birthe's case is
in training, so recording a visitation meeting on it is a conflict (409):
the page says the case is not open for visitation, and nothing is saved."""

EXPECTATIONS = {
    # staff.inbox (each staff member sees their own municipality)
    ("GET", "/medarbejder"): {
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
    # staff.case (rule /medarbejder/sager/<reference>)
    ("GET", "/medarbejder/sager/{case_ref}"): {
        "anonymous": 302,
        "citizen_a": 403,
        "citizen_b": 403,
        "relative_all": 403,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 200,
        "staff_other": 404,
    },
    # staff.record_visitation
    ("POST", "/medarbejder/sager/{case_ref}/visitation"): {
        "anonymous": 302,
        "citizen_a": 403,
        "citizen_b": 403,
        "relative_all": 403,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 409,
        "staff_other": 404,
    },
}

POST_DATA: dict = {}
