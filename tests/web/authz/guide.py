"""Authorisation expectations for the guide /hvilket-tilbud (portal/guide/views.py).

The guide needs no sign-in and is about no one's case: a relative whose
fuldmagt ended mid-session may still use it (as themselves)."""


def placeholders(world, db) -> dict:
    """{guide_page}: a question of the guide."""
    return {"guide_page": "kommune"}


EXPECTATIONS = {
    # guide.start
    ("GET", "/hvilket-tilbud"): {
        "anonymous": 200,
        "citizen_a": 200,
        "citizen_b": 200,
        "relative_all": 200,
        "relative_one": 200,
        "relative_expired": 200,
        "relative_revoked": 200,
        "staff_same": 200,
        "staff_other": 200,
    },
    # guide.begin: starts (again) and redirects to the first question
    ("POST", "/hvilket-tilbud"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 302,
        "relative_expired": 302,
        "relative_revoked": 302,
        "staff_same": 302,
        "staff_other": 302,
    },
    # guide.question (rule /hvilket-tilbud/<page>)
    ("GET", "/hvilket-tilbud/{guide_page}"): {
        "anonymous": 200,
        "citizen_a": 200,
        "citizen_b": 200,
        "relative_all": 200,
        "relative_one": 200,
        "relative_expired": 200,
        "relative_revoked": 200,
        "staff_same": 200,
        "staff_other": 200,
    },
    # guide.question: with POST_DATA, saved and on to the next question
    ("POST", "/hvilket-tilbud/{guide_page}"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 302,
        "relative_expired": 302,
        "relative_revoked": 302,
        "staff_same": 302,
        "staff_other": 302,
    },
    # guide.result: unanswered questions first
    ("GET", "/hvilket-tilbud/svar"): {
        "anonymous": 302,
        "citizen_a": 302,
        "citizen_b": 302,
        "relative_all": 302,
        "relative_one": 302,
        "relative_expired": 302,
        "relative_revoked": 302,
        "staff_same": 302,
        "staff_other": 302,
    },
}

POST_DATA = {
    ('POST', '/hvilket-tilbud/{guide_page}'): {'municipality_id': 'glostrup'},
}
