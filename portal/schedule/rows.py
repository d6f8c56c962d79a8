"""The plan's rows and the decision letter, rendered once and kept (portal.render_cache).

A row is kept under everything it shows: the booking's and its slot's values
(status, times, place, therapist, the afbud and its deadline), its replacement's,
the deadline phase at the page's moment (portal.rules.cancellation.deadline_phase:
before the 12:00 deadline, after it, after the illness deadline, begun, over),
and who looks (the citizen or a relative acting; whether they may cancel). A
letter is kept under the decision's values, the case and the name it is
addressed to, whether the complaint deadline has passed, and whether the
complaint button shows. The page's language and the CSRF token are
portal.render_cache's.

Both are Jinja globals taking the page's context, so `{{ plan_row(s) }}` renders
exactly what `{% include "schedule/_session.html" %}` did.
"""

from __future__ import annotations

from flask import current_app
from jinja2 import pass_context
from markupsafe import Markup

from portal import render_cache
from portal.render_cache import values
from portal.rules.cancellation import deadline_phase

from .presenters import SessionView

ROW = "schedule/_session.html"
LETTER = "schedule/_decision_letter.html"


def phase(view: SessionView) -> int:
    """The row's deadline phase at the moment its page is made."""
    return deadline_phase(view.m.cancellation.policy, view.slot.starts_at, view.slot.ends_at, view.now,
                          view.booking.cancel_deadline, view.move_deadline)


def row_key(view: SessionView, actor) -> tuple:
    replacement = view.replacement
    return ("plan-row", values(view.booking), values(view.slot), values(replacement),
            values(replacement.slot if replacement is not None else None), phase(view),
            bool(actor and actor.is_acting), bool(actor and actor.may("cancel")))


def _render(context, template: str, **variables) -> str:
    return current_app.jinja_env.get_template(template).render({**context.get_all(), **variables})


@pass_context
def plan_row(context, s: SessionView) -> Markup:
    """One upcoming session on the plan, as it is now; an open panel, a notice
    or the focus are the page's own and are not kept."""
    def render(extra: dict) -> str:
        return _render(context, ROW, s=s, panel=None, **extra)

    if context.get("session_page") or context.get("notice") or context.get("row_message") \
            or context.get("focus") == s.reference:
        return Markup(render({}))
    return render_cache.fragment(row_key(s, context.get("actor")), render)


@pass_context
def decision_letter(context, show_complaint_button: bool) -> Markup:
    """The decision as a letter (schedule/_decision_letter.html)."""
    case, decision, actor = context["case"], context["decision"], context.get("actor")
    key = ("decision-letter", values(decision), case.reference, case.municipality_id, case.citizen_id,
           case.citizen.name, bool(context.get("deadline_passed")), bool(show_complaint_button),
           bool(actor and actor.may("complain")))
    return render_cache.fragment(
        key, lambda extra: _render(context, LETTER, show_complaint_button=show_complaint_button, **extra))
