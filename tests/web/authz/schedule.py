"""Who may use the schedule capability's routes (decisions, the training plan,
afbud, moving, calendars, and the therapist's pages). Format: README.md here.

Placeholders: {decision_case_ref} (Birthe's case, decided), {booking_ref}
(Birthe's first upcoming booking), and from `placeholders()` below:
{movable_booking_ref} (her last upcoming booking, weeks ahead, so moving is
still allowed), {free_slot_id} (a free time of the same offer, for moving),
{calendar_token} (her calendar subscription token). POST_DATA values use the
same placeholders.
"""

ANON = 302  # to the citizen's or the staff member's sign-in page


def _citizen_page(*, a=200, b=404, one=200, staff=403):
    """A page about Birthe's objects: others get 404, relatives need the scope,
    staff are refused (403: the page is for citizens)."""
    return {
        "anonymous": ANON, "citizen_a": a, "citizen_b": b, "relative_all": a, "relative_one": one,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": staff, "staff_other": staff,
    }


def _own_page(*, relatives=200):
    """A page about whoever is signed in (Jens sees his own, empty, plan)."""
    return {
        "anonymous": ANON, "citizen_a": 200, "citizen_b": 200, "relative_all": relatives, "relative_one": relatives,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": 403, "staff_other": 403,
    }


def _self_only_post():
    """The calendar subscription is the citizen's own: never a relative's."""
    return {
        "anonymous": ANON, "citizen_a": 302, "citizen_b": 302, "relative_all": 403, "relative_one": 403,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": 403, "staff_other": 403,
    }


def _visitator_page(same=200):
    """Lone (visitator, Glostrup) decides Birthe's case; Anders (Herlev) finds nothing."""
    return {
        "anonymous": ANON, "citizen_a": 403, "citizen_b": 403, "relative_all": 403, "relative_one": 403,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": same, "staff_other": 404,
    }


def _therapist_page(same=200, other=404):
    """For terapeuter and ledere. The matrix's staff hold every role: Glostrup's
    sees Birthe's objects; Herlev's finds them not (404), but has its own lists.
    A POST without form data is a form error (400)."""
    return {
        "anonymous": ANON, "citizen_a": 403, "citizen_b": 403, "relative_all": 403, "relative_one": 403,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": same, "staff_other": other,
    }


EXPECTATIONS = {
    # ------------------------------------------------------------ the citizen
    ("GET", "/mine-sager/{decision_case_ref}/afgoerelse"): _citizen_page(),
    ("GET", "/mine-sager/{decision_case_ref}/afgoerelse/udskriv"): _citizen_page(),
    ("GET", "/traeningsplan"): _own_page(),
    ("GET", "/traeningsplan/{booking_ref}"): _citizen_page(),
    ("GET", "/traeningsplan/{booking_ref}/afbud"): _citizen_page(one=403),
    # with a reason: the consequence is shown (nothing is cancelled before confirming)
    ("POST", "/traeningsplan/{booking_ref}/afbud"): _citizen_page(one=403),
    # a booking without an afbud: the receipt sends you to the session
    ("GET", "/traeningsplan/{booking_ref}/afbud/kvittering"): _citizen_page(a=302, one=302),
    # nothing to undo: back to the receipt with a message
    ("POST", "/traeningsplan/{booking_ref}/afbud/fortryd"): _citizen_page(a=302, one=403),
    # no afbud, so no replacement: a page saying why
    ("GET", "/traeningsplan/{booking_ref}/erstatning"): _citizen_page(one=403),
    # no afbud, so a replacement cannot be chosen: a conflict with the booking's state
    ("POST", "/traeningsplan/{booking_ref}/erstatning"): _citizen_page(a=409, one=403),
    ("GET", "/traeningsplan/{movable_booking_ref}/flyt"): _citizen_page(one=403),
    ("POST", "/traeningsplan/{movable_booking_ref}/flyt"): _citizen_page(a=302, one=403),
    ("GET", "/traeningsplan/{booking_ref}/kalender.ics"): _citizen_page(),
    ("GET", "/kalender"): _own_page(relatives=403),
    # the feed needs no sign-in: the unguessable token is the key
    ("GET", "/kalender/{calendar_token}.ics"): {
        "anonymous": 200, "citizen_a": 200, "citizen_b": 200, "relative_all": 200, "relative_one": 200,
        "relative_expired": 403, "relative_revoked": 403, "staff_same": 200, "staff_other": 200,
    },
    ("POST", "/kalender/forny"): _self_only_post(),
    ("POST", "/kalender/stop"): _self_only_post(),
    # -------------------------------------------------------------- the staff
    # Birthe's case is decided: the visitator sees the decision (a POST is a conflict and changes nothing)
    ("GET", "/medarbejder/sager/{decision_case_ref}/afgoerelse"): _visitator_page(),
    ("POST", "/medarbejder/sager/{decision_case_ref}/afgoerelse"): _visitator_page(same=409),
    ("GET", "/medarbejder/traening"): _therapist_page(other=200),
    ("GET", "/medarbejder/traening/ny"): _therapist_page(other=200),
    ("POST", "/medarbejder/traening/ny"): _therapist_page(same=400, other=400),
    ("GET", "/medarbejder/traening/forloeb/{decision_case_ref}"): _therapist_page(),
    ("POST", "/medarbejder/traening/forloeb/{decision_case_ref}/book"): _therapist_page(same=400),
    ("GET", "/medarbejder/traening/{slot_id}"): _therapist_page(),
    ("POST", "/medarbejder/traening/{slot_id}/fremmoede"): _therapist_page(same=400),
    ("GET", "/medarbejder/traening/{slot_id}/aflys"): _therapist_page(),
    ("POST", "/medarbejder/traening/{slot_id}/aflys"): _therapist_page(same=400),
}

POST_DATA = {
    ("POST", "/traeningsplan/{booking_ref}/afbud"): {"reason": "other"},
    ("POST", "/traeningsplan/{booking_ref}/erstatning"): {"slot": "{free_slot_id}"},
    ("POST", "/traeningsplan/{movable_booking_ref}/flyt"): {"slot": "{free_slot_id}"},
}


def placeholders(world, db) -> dict:
    bookings = world.extra["bookings"]["birthe_upcoming"]
    return {
        "movable_booking_ref": bookings[-1].reference,
        "free_slot_id": str(world.extra["slots"]["free"][-1].id),
        "calendar_token": world.people["birthe"].calendar_token,
    }
