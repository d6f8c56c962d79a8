"""/health and /metrics: answered before any session, sign-in or fuldmagt
check, so every role gets the same answer (the test client comes from
loopback, where /metrics is allowed). Format: README.md here."""

_EVERYONE = {
    "anonymous": 200, "citizen_a": 200, "citizen_b": 200, "relative_all": 200, "relative_one": 200,
    "relative_expired": 200, "relative_revoked": 200, "staff_same": 200, "staff_other": 200,
}

EXPECTATIONS = {
    ("GET", "/health"): dict(_EVERYONE),
    ("GET", "/metrics"): dict(_EVERYONE),
}
