"""Error pages in the portal's design that reveal nothing about the inside."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, htmx
from portal.refusal import Refused


def _page(status: int, title: str, text: str, link: tuple[str, str] | None = None):
    if htmx:
        # A notice at the top of the element the person acted on: with htmx
        # the answer lands where they clicked (base.html lets htmx swap 4xx).
        html = render_template("errors/_notice.html", status=status, title=title, text=text, link=link)
        return html, status, {"HX-Reswap": "afterbegin"}
    return render_template("errors/error.html", status=status, title=title, text=text, link=link), status


def _conflict(error: OperationalError) -> bool:
    """Two changes met: a PostgreSQL deadlock or serialisation failure, or SQLite still locked after its busy timeout."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in ("40P01", "40001", "55P03") or "database is locked" in str(error.orig)


def init_app(app: Flask) -> None:
    @app.errorhandler(Refused)
    def refused(error: Refused):
        if error.code == 404:
            return not_found(error)
        return _page(error.code, error.title or gettext("Det kan ikke lade sig gøre"), error.text, error.link)

    @app.errorhandler(404)
    def not_found(error):
        return _page(404, gettext("Siden findes ikke"), gettext(
            "Vi kan ikke finde den side, du leder efter. Måske er adressen skrevet forkert, "
            "eller siden er flyttet."))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, gettext("Formularen er udløbet"), gettext(
            "Siden var åben for længe, eller formularen blev sendt fra et andet sted. "
            "Gå tilbage, genindlæs siden og prøv igen. Intet er gemt."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        return _page(405, gettext("Det kan du ikke her"), gettext(
            "Siden kan ikke bruges på den måde. Gå tilbage og prøv igen."))

    @app.errorhandler(413)
    def too_large(error):
        return _page(413, gettext("Det du sendte, er for stort"), gettext(
            "Gå tilbage og send mindre tekst."))

    @app.errorhandler(429)
    def too_many(error):
        return _page(429, gettext("For mange forsøg"), gettext(
            "Du har prøvet mange gange på kort tid. Vent et minut, og prøv igen."))

    @app.errorhandler(IntegrityError)
    def refused_by_the_database(error):
        # A constraint the locks should have made unreachable (one live place
        # per citizen, one move per booking, …): nothing was saved.
        db.session.rollback()
        app.logger.warning("change refused by a constraint: %s", getattr(getattr(error.orig, "diag", None), "constraint_name", ""))
        return _page(409, gettext("Der skete noget andet samtidig"), gettext(
            "Det, du bad om, blev ikke gjort, fordi det samme blev ændret lige nu et andet sted. "
            "Se siden igen, og prøv en gang til."))

    @app.errorhandler(OperationalError)
    def database_down(error):
        db.session.rollback()
        if _conflict(error):
            app.logger.warning("concurrent change refused: %s", type(error.orig).__name__)
            return _page(409, gettext("Der skete noget andet samtidig"), gettext(
                "Det, du bad om, blev ikke gjort, fordi det samme blev ændret lige nu et andet sted. "
                "Se siden igen, og prøv en gang til."))
        app.logger.error("database unavailable: %s", type(error).__name__)
        return _page(503, gettext("Portalen er midlertidigt utilgængelig"), gettext(
            "Vi kan ikke nå vores database lige nu. Det du har fået bekræftet, er gemt. "
            "Prøv igen om lidt."))

    @app.errorhandler(HTTPException)
    def other_http(error: HTTPException):
        return _page(error.code or 500, gettext("Der skete en fejl"), gettext(
            "Siden kunne ikke vises. Gå tilbage og prøv igen."))

    @app.errorhandler(Exception)
    def internal(error):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _page(500, gettext("Der skete en fejl hos os"), gettext(
            "Siden kunne ikke vises på grund af en fejl hos os. Prøv igen om lidt. "
            "Hvis fejlen bliver ved, kan du ringe til kommunen."))
