"""Extensions, created unbound and bound to the app in create_app()."""

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_htmx import HTMX
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()


def _submit_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT"]


def sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


# Every POST (each form submit) is limited per client address and route;
# sign-in routes have a stricter limit of their own. Storage is Redis when
# REDIS_URL is set, so several processes share the counts.
limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[_submit_limit],
    default_limits_exempt_when=lambda: request.method != "POST",
    default_limits_per_method=True,
)


def limited(limit):
    """A route with a limit of its own (the sign-in routes), whatever its method."""
    def decorator(view):
        wrapped = limiter.limit(limit)(view)
        wrapped.rate_limited = True
        return wrapped

    return decorator


@limiter.request_filter
def _reading_an_unlimited_route() -> bool:
    """A GET of a route without a limit of its own is never limited: skip the
    limiter's work for it (most requests) instead of finding that out each time."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "rate_limited", False)
