"""Error pages in the portal's design that reveal nothing about the inside."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException


def _page(status: int, title: str, text: str):
    return render_template("errors/error.html", status=status, title=title, text=text), status


def init_app(app: Flask) -> None:
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

    @app.errorhandler(OperationalError)
    def database_down(error):
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
