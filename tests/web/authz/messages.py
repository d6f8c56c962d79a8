"""Authorisation expectations for messages, documents, letters and pausing
(portal/messages/views.py).

Threads and attachments need the fuldmagt scope "messages": Mette has it
(relative_all), Karen has only "view" (relative_one), so she is refused the
threads (403) and an attachment is not there for her (404), while letters
and the decision stay hers to see with "view". Pausing needs "cancel". A
thread to the training place is the therapists'; the matrix's staff member
has every role, so it sees it; staff of another municipality get 404."""


def placeholders(world, db) -> dict:
    """{thread_ref}: Mette's demo thread for Birthe; {document_ref}: its attachment."""
    return {"thread_ref": world.extra["thread"].reference,
            "document_ref": world.extra["documents"]["attachment"].reference}


def _citizen(ok: int, *, relative_one: int = 403, citizen_b: int = 404) -> dict:
    return {"anonymous": 302, "citizen_a": ok, "citizen_b": citizen_b, "relative_all": ok, "relative_one": relative_one,
            "relative_expired": 403, "relative_revoked": 403, "staff_same": 403, "staff_other": 403}


def _staff(ok: int, *, other: int = 404) -> dict:
    return {"anonymous": 302, "citizen_a": 403, "citizen_b": 403, "relative_all": 403, "relative_one": 403,
            "relative_expired": 403, "relative_revoked": 403, "staff_same": ok, "staff_other": other}


EXPECTATIONS = {
    # messages.inbox (the citizen's own threads; Jens has none)
    ("GET", "/beskeder"): _citizen(200, citizen_b=200),
    # messages.case_threads
    ("GET", "/mine-sager/{case_ref}/beskeder"): _citizen(200),
    # messages.new
    ("GET", "/mine-sager/{case_ref}/beskeder/ny"): _citizen(200),
    ("POST", "/mine-sager/{case_ref}/beskeder/ny"): _citizen(302),
    # messages.thread
    ("GET", "/beskeder/{thread_ref}"): _citizen(200),
    ("POST", "/beskeder/{thread_ref}"): _citizen(302),
    # messages.document: the same authorisation as the case ("view"); an attachment also needs "messages"
    ("GET", "/dokumenter/{document_ref}"): _citizen(200, relative_one=404),
    # messages.pause: the preview (200); confirming is tested in tests/web/test_messages_pause.py
    ("GET", "/mine-sager/{case_ref}/pause"): _citizen(200),
    ("POST", "/mine-sager/{case_ref}/pause"): _citizen(200),
    # messages.pause_receipt: without a period it leads back to the form
    ("GET", "/mine-sager/{case_ref}/pause/kvittering"): _citizen(302),
    # messages.staff_inbox (each staff member sees their own municipality)
    ("GET", "/medarbejder/beskeder"): _staff(200, other=200),
    # messages.staff_thread
    ("GET", "/medarbejder/beskeder/{thread_ref}"): _staff(200),
    ("POST", "/medarbejder/beskeder/{thread_ref}"): _staff(302),
    # messages.staff_document
    ("GET", "/medarbejder/dokumenter/{document_ref}"): _staff(200),
    # messages.staff_letter: without a file the form is refused with its message at the field (400)
    ("POST", "/medarbejder/sager/{case_ref}/breve"): _staff(400),
}

POST_DATA = {
    ("POST", "/mine-sager/{case_ref}/beskeder/ny"): {"recipient": "visitation", "body": "Et spørgsmål.", "booking": ""},
    ("POST", "/beskeder/{thread_ref}"): {"body": "Tak for svaret."},
    ("POST", "/mine-sager/{case_ref}/pause"): {"reason": "illness", "first": "01.01.2027", "last": "07.01.2027"},
    ("POST", "/medarbejder/beskeder/{thread_ref}"): {"body": "Svar fra kommunen."},
    ("POST", "/medarbejder/sager/{case_ref}/breve"): {"title": "Brev"},
}
