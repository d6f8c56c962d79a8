"""Language choice and the Danish way of writing dates and times, through Babel."""

from __future__ import annotations

from datetime import date, datetime, time

from functools import lru_cache

import flask_babel

from babel import Locale
from babel.dates import parse_pattern
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations

from portal.rules.cancellation import COPENHAGEN

LANG_COOKIE = "sprog"

# Babel patterns per language: "torsdag den 7. januar 2027 kl. 10.00".
_PATTERNS = {
    "da": {
        "long_date": "EEEE 'den' d. MMMM y",
        "short_date": "d. MMMM y",
        "weekday": "EEEE",
        "day_month": "EEEE 'den' d. MMMM",
        "time": "'kl.' H.mm",  # "kl. 8.00", as Danish writes it
        "numeric": "dd.MM.y",
    },
    "en": {
        "long_date": "EEEE d MMMM y",
        "short_date": "d MMMM y",
        "weekday": "EEEE",
        "day_month": "EEEE d MMMM",
        "time": "'at' HH:mm",
        "numeric": "dd/MM/y",
    },
}


def select_locale() -> str:
    wanted = request.cookies.get(LANG_COOKIE, "") if has_request_context() else ""
    if wanted in current_app.config["LANGUAGES"]:
        return wanted
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language() -> str:
    """The page's language code, looked up once per request."""
    if has_request_context():
        cached = g.get("_portal_language")
        if cached is None:
            cached = g._portal_language = str(get_locale() or "da").split("_")[0]
        return cached
    return str(get_locale() or "da").split("_")[0]


@lru_cache(maxsize=64)
def _compiled(language_code: str, kind: str):
    """Babel's parsed pattern and locale, kept: a page formats dozens of dates."""
    patterns = _PATTERNS.get(language_code, _PATTERNS["da"])
    return parse_pattern(patterns[kind]), Locale.parse(language_code)


@lru_cache(maxsize=16_384)
def _formatted(language_code: str, kind: str, value: date | time) -> str:
    """One date or time of day in words, made once per process: the same forty
    dates and a handful of times of day come back on every page."""
    pattern, locale = _compiled(language_code, kind)
    return pattern.apply(value, locale)


def _format(value: date | time, kind: str) -> str:
    return _formatted(language(), kind, value)


def _as_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COPENHAGEN)
    return moment.astimezone(COPENHAGEN)


def long_date(value: date | datetime | None) -> str:
    """"torsdag den 7. januar 2027"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _as_local(value).date()
    return _format(value, "long_date")


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _as_local(value).date()
    return _format(value, "short_date")


def numeric_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _as_local(value).date()
    return _format(value, "numeric")


def weekday(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = _as_local(value).date()
    return _format(value, "weekday")


def day_month(value: date | datetime) -> str:
    """"onsdag den 2. december" (no year)."""
    if isinstance(value, datetime):
        value = _as_local(value).date()
    return _format(value, "day_month")


def clock_time(value: datetime | time) -> str:
    """"kl. 10.00" (the Copenhagen time of day: the patterns have no date or zone in them)."""
    if isinstance(value, datetime):
        value = _as_local(value).time()
    return _format(value.replace(tzinfo=None), "time")


def long_datetime(value: datetime | None) -> str:
    """"torsdag den 3. december 2026 kl. 10.00"."""
    if value is None:
        return ""
    return f"{long_date(value)} {clock_time(value)}"


def first_upper(text: str) -> str:
    """"torsdag den 3. december" → "Torsdag den 3. december": only the first
    letter (Jinja's capitalize would lower-case English month names)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def catalogue():
    """The translations of the page's language, looked up once per request (and
    again when force_locale changes the locale for a mail): a page asks for
    a hundred labels, each through flask_babel's domain, context and cache."""
    if not has_app_context():
        return get_translations()
    kept = g.get("_portal_catalogue")
    if kept is not None:
        # flask_babel keeps the request's locale (or force_locale's) here: no lookups when it is unchanged.
        babel_context = g.get("_flask_babel")
        if babel_context is not None and getattr(babel_context, "babel_locale", None) is kept[0]:
            return kept[1]
    locale = get_locale()
    translations = get_translations()
    g._portal_catalogue = (locale, translations)
    return translations


def gettext(string: str, **variables) -> str:
    """flask_babel's gettext through `catalogue()`, for code that words many rows."""
    text = catalogue().ugettext(string)
    return text % variables if variables else text


def resolve(text) -> str:
    """A lazy_gettext label in the page's language through `catalogue()`: the
    same text as `str(text)`, without flask_babel's lookups on every call (a
    table of fifty rows words hundreds of labels)."""
    if getattr(text, "_func", None) is flask_babel.gettext and len(text._args) == 1:
        return gettext(text._args[0], **text._kwargs)
    return str(text)


def resolved(labels: dict) -> dict:
    """A table of lazy labels (a module's constant), each resolved once per
    request and language instead of once per row."""
    if not has_app_context():
        return {key: resolve(label) for key, label in labels.items()}
    kept = g.setdefault("_portal_resolved", {})
    key = (id(labels), id(catalogue()))
    table = kept.get(key)
    if table is None:
        table = kept[key] = {name: resolve(label) for name, label in labels.items()}
    return table


def _install_gettext(app) -> None:
    """The templates' _(), gettext and ngettext through `catalogue()` (flask_babel
    installs the same callables, each looking the catalogue up again)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: catalogue().ugettext(string),
        ngettext=lambda singular, plural, n: catalogue().ungettext(singular, plural, n),
        pgettext=lambda context, string: catalogue().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: catalogue().unpgettext(context, singular, plural, n),
        newstyle=True,
    )


def register(app) -> None:
    _install_gettext(app)
    for name, function in {
        "first_upper": first_upper,
        "long_date": long_date,
        "short_date": short_date,
        "numeric_date": numeric_date,
        "weekday": weekday,
        "day_month": day_month,
        "clock_time": clock_time,
        "long_datetime": long_datetime,
    }.items():
        app.add_template_filter(function, name)
