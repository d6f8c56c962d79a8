"""Public pages: the same answer for everyone."""

ALL = ("anonymous", "citizen_a", "citizen_b", "relative_all", "relative_one", "relative_expired",
       "relative_revoked", "staff_same", "staff_other")


def everyone(status: int) -> dict:
    return {role: status for role in ALL}


EXPECTATIONS = {
    ("GET", "/"): everyone(200),
    ("GET", "/kommune?kommune=glostrup"): everyone(302),
    ("GET", "/kommune/{municipality_id}"): everyone(200),
    ("GET", "/kommune/{municipality_id}/tilbud/{offer_id}"): everyone(200),
    ("GET", "/sprog/{language}?next=/"): everyone(302),
    ("GET", "/tilgaengelighed"): everyone(200),
    ("GET", "/privatliv"): everyone(200),
}
