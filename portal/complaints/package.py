"""The forwarding package for Ankestyrelsen: the complaint, the decision, the
case's documents and the reconsideration in ONE self-contained HTML file
(print CSS, no scripts, no outside resources), produced once when the
municipality keeps its decision and stored as it was produced."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import render_template
from flask_babel import force_locale

from portal import clock, municipalities

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def forwarding_package(complaint) -> str:
    """In Danish, the language of the case: the application's answers as the
    citizen saw them on "Tjek dine svar", never the stored keys."""
    from portal.apply.presenters import answer_rows

    from . import presenters

    m = municipalities.get(complaint.municipality_id)
    with force_locale("da"):
        case = complaint.case
        return render_template(
            "complaints/package.html", complaint=complaint, m=m, case=case, decision=complaint.decision,
            produced_at=clock.now(), presenters=presenters, history=presenters.history(complaint, m),
            answer_rows=answer_rows(case.answers) if case is not None and case.answers else [],
        )


def content_security_policy(html: str) -> str:
    """Only the package's own inline style may apply; nothing else loads or runs."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(match.encode()).digest()).decode() + "'"
        for match in _STYLE.findall(html)
    )
    return f"default-src 'none'; style-src {hashes or chr(39) + 'none' + chr(39)}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
