"""Who may use the complaint routes (format: tests/web/authz/README.md).

Citizen pages need the "complain" scope: Karen (fuldmagt with only "view")
is refused with 403, as are relatives whose fuldmagt ended mid-session and
staff (citizen_required refuses staff with 403, "Siden er for borgere").
Someone else's complaint is 404. Staff pages need the role klagebehandler
(or leder, for delivery complaints): a visitator alone gets 403 (tested in
tests/web/test_complaints_access.py); a complaint handler of another
municipality gets 404.

{complaint_ref} is Birthe's demo complaint: a delivery complaint about one of
her sessions, answered by the training centre's leader (so Birthe may ask for
it to go on to the visitation)."""

CITIZEN_OK = {
    "anonymous": 302,
    "citizen_a": 200,
    "citizen_b": 404,
    "relative_all": 200,
    "relative_one": 403,
    "relative_expired": 403,
    "relative_revoked": 403,
    "staff_same": 403,
    "staff_other": 403,
}

STAFF_ONLY = {
    "anonymous": 302,  # → the staff sign-in
    "citizen_a": 403,
    "citizen_b": 403,
    "relative_all": 403,
    "relative_one": 403,
    "relative_expired": 403,
    "relative_revoked": 403,
    "staff_same": 200,  # the matrix's Glostrup staff member holds every role
    "staff_other": 404,  # Herlev's finds no Glostrup complaint
}

EXPECTATIONS = {
    # The guide is anyone's (who may complain); the route with a context.
    ("GET", "/klage"): {**CITIZEN_OK, "citizen_b": 200},
    # /klage/ny without ?about= sends you back to the guide.
    ("GET", "/klage/ny"): {**CITIZEN_OK, "citizen_a": 302, "citizen_b": 302, "relative_all": 302},
    ("POST", "/klage/ny"): {**CITIZEN_OK, "citizen_a": 302, "citizen_b": 302, "relative_all": 302},
    ("GET", "/klage/{complaint_ref}"): CITIZEN_OK,
    ("GET", "/klage/{complaint_ref}/kvittering"): CITIZEN_OK,
    # Sends it on to the visitation, then back to the complaint page.
    ("POST", "/klage/{complaint_ref}/ikke-tilfreds"): {**CITIZEN_OK, "citizen_a": 302, "relative_all": 302},
    ("GET", "/medarbejder/klager"): {**STAFF_ONLY, "staff_other": 200},  # each sees their own inbox
    ("GET", "/medarbejder/klager/{complaint_ref}"): STAFF_ONLY,
    # the state changes answer with a redirect back to the complaint (with a message if not possible)
    ("POST", "/medarbejder/klager/{complaint_ref}/genvurdering"): {**STAFF_ONLY, "staff_same": 302},
    ("POST", "/medarbejder/klager/{complaint_ref}/resultat"): {**STAFF_ONLY, "staff_same": 302},
    ("POST", "/medarbejder/klager/{complaint_ref}/svar"): {**STAFF_ONLY, "staff_same": 302},
    ("POST", "/medarbejder/klager/{complaint_ref}/sendt"): {**STAFF_ONLY, "staff_same": 302},
    # a delivery complaint has no forwarding package
    ("GET", "/medarbejder/klager/{complaint_ref}/klagepakke"): {**STAFF_ONLY, "staff_same": 404},
}

POST_DATA = {
    ("POST", "/klage/{complaint_ref}/ikke-tilfreds"): {"reason": "Træningen begynder stadig for sent."},
    ("POST", "/medarbejder/klager/{complaint_ref}/resultat"): {"outcome": "kept", "reasons": "Afgørelsen er rigtig."},
    ("POST", "/medarbejder/klager/{complaint_ref}/svar"): {"answer": "Tak for din klage."},
}


def placeholders(world, db) -> dict:
    """{complaint_ref}: Birthe's demo complaint."""
    from sqlalchemy import select

    from portal.complaints.models import Complaint

    birthe = world.people["birthe"]
    reference = db.session.scalar(
        select(Complaint.reference).where(Complaint.citizen_id == birthe.id).order_by(Complaint.id).limit(1)
    )
    return {"complaint_ref": reference}
