"""Form pieces shared by every capability."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.widgets import TextInput

_DATE = re.compile(r"^\s*(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_danish_date(text: str) -> date | None:
    """"15.03.2026", "15-3-2026", "15/3 2026" or ISO "2026-03-15"; None if not a date."""
    match = _DATE.match(text or "")
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        match = _ISO.match(text or "")
        if match:
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


class DanishDateField(Field):
    """A date typed as dd.mm.åååå; what was typed is kept when it is wrong."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, date):
            return self.data.strftime("%d.%m.%Y")
        return ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        parsed = parse_danish_date(valuelist[0])
        if parsed is None:
            self.data = None
            raise ValueError(_l("Skriv datoen som dag.måned.år, for eksempel 15.03.2026."))
        if not 1900 <= parsed.year <= 2100:
            self.data = None
            raise ValueError(_l("Skriv et årstal mellem 1900 og 2100."))
        self.data = parsed


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value):
    """Drop NUL and other control characters (PostgreSQL refuses NUL in text)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [without_control_characters(item) for item in value]
    return value


def strip_text(value):
    """Trim spaces around typed text."""
    return value.strip() if isinstance(value, str) else value


class _SessionTokenCSRF(FlaskForm.Meta.csrf_class):
    """Flask-WTF's form CSRF, its token the one the session's pages carry
    (portal.render_cache.signed_token: signed once a minute, not per form)."""

    def generate_csrf_token(self, csrf_token_field):
        from portal.render_cache import signed_token

        return signed_token()


class PortalForm(FlaskForm):
    """Every form of the portal: CSRF from Flask-WTF, and text cleaned of
    control characters before any validator or service sees it."""

    class Meta:
        csrf_class = _SessionTokenCSRF

        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", ()))
            filters.append(without_control_characters)
            return unbound_field.bind(form=form, filters=filters, **options)
