"""The demo outbox page: everyone may read it while the portal runs as a demo
(the tests do); without DEMO it is 404. A relative whose fuldmagt ended is
stopped before any page (403). Format: README.md here."""

EXPECTATIONS = {
    ("GET", "/demo/outbox"): {
        "anonymous": 200, "citizen_a": 200, "citizen_b": 200, "relative_all": 200, "relative_one": 200,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": 200, "staff_other": 200,
    },
}
