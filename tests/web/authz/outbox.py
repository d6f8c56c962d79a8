"""The demo outbox page: only signed-in staff read it (the messages carry
citizens' names and case details), and only messages to citizens of their own
municipality; anonymous visitors are sent to the staff sign-in, citizens and
relatives refused. Without DEMO it is 404. Format: README.md here."""

EXPECTATIONS = {
    ("GET", "/demo/outbox"): {
        "anonymous": 302, "citizen_a": 403, "citizen_b": 403, "relative_all": 403, "relative_one": 403,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": 200, "staff_other": 200,
    },
}
