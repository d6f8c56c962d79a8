"""Authorisation expectations for the application /ansoeg (portal/apply/views.py).

A fresh sign-in has no draft, so every question page and Tjek dine svar
redirect (302) to /ansoeg. Staff are refused citizen pages (403, the
citizen_required decorator). The receipt of Birthe's case is visible to
whoever may see her cases (scope view)."""


def placeholders(world, db) -> dict:
    """{page}: a later question of the application (never the first one, so
    it redirects whether or not a draft was started)."""
    return {"page": "maal"}


EXPECTATIONS = {
    # apply.start
    ("GET", "/ansoeg"): {
        "anonymous": 302,
        "citizen_a": 200,
        "citizen_b": 200,
        "relative_all": 200,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # apply.begin: a draft is made and the first question follows
    ("POST", "/ansoeg"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # apply.page (rule /ansoeg/<page>): earlier pages unanswered, or no draft → redirect
    ("GET", "/ansoeg/{page}"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # apply.page
    ("POST", "/ansoeg/{page}"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # apply.check
    ("GET", "/ansoeg/tjek"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # apply.submit: no such draft → nothing sent, back to /ansoeg
    ("POST", "/ansoeg/tjek"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 403,
        "relative_expired": 403,
        "relative_revoked": 403,
        "staff_same": 403,
        "staff_other": 403,
    },
    # apply.receipt (rule /ansoeg/kvittering/<reference>)
    ("GET", "/ansoeg/kvittering/{case_ref}"): {
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
}

POST_DATA: dict = {}
