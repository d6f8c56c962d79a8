"""Public pages: the forside, each municipality, each offer, language choice."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for

from portal import municipalities
from portal.i18n import LANG_COOKIE
from portal.security import safe_target

from portal.guide.presenters import outdated_name_lines

from .cache import anonymous_cached
from .presenters import municipality_page

bp = Blueprint("public", __name__)
# "Glostrups kvalitetsstandard nævner Styrelsen for Patientsikkerhed. I dag er det …"
bp.add_app_template_global(outdated_name_lines, "outdated_name_lines")


@bp.get("/")
@anonymous_cached
def index():
    return render_template("public/index.html", municipalities=municipalities.all_municipalities())


@bp.get("/kommune")
def choose_municipality():
    """The forside's municipality choice, submitted without JavaScript."""
    chosen = request.args.get("kommune", "")
    if chosen in municipalities.all_municipalities():
        return redirect(url_for("public.municipality", municipality_id=chosen))
    return redirect(url_for("public.index"))


@bp.get("/kommune/<municipality_id>")
@anonymous_cached
def municipality(municipality_id: str):
    m = _municipality_or_404(municipality_id)
    return render_template("public/municipality.html", m=m, page=municipality_page(m))


@bp.get("/kommune/<municipality_id>/tilbud/<offer_id>")
@anonymous_cached
def offer(municipality_id: str, offer_id: str):
    m = _municipality_or_404(municipality_id)
    found = m.offer(offer_id)
    if found is None:
        abort(404)
    return render_template("public/offer.html", m=m, offer=found)


@bp.get("/sprog/<language>")
def choose_language(language: str):
    response = make_response(redirect(safe_target(request.args.get("next"), "/")))
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE, language, max_age=60 * 60 * 24 * 365, httponly=True, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def _municipality_or_404(municipality_id: str):
    try:
        return municipalities.get(municipality_id)
    except municipalities.UnknownMunicipality:
        abort(404)


@bp.get("/tilgaengelighed")
@anonymous_cached
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privatliv")
@anonymous_cached
def privacy():
    return render_template("public/privacy.html")
