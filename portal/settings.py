"""Settings, read from the environment once at start-up.

Variables (all optional in development):
  PORTAL_ENV        development (default) | production | test
  SECRET_KEY        signs sessions and CSRF tokens; generated under instance/ in development
  DATABASE_URL      SQLAlchemy URL; postgresql://… selects PostgreSQL; default SQLite under instance/
  PORTAL_DEMO       1 switches demo sign-in on (default on in development; refused in production)
  REDIS_URL         shared storage for rate limits (several processes)
  TRUSTED_PROXIES   how many proxies in front set X-Forwarded-For/-Proto (default 0: ignore the headers)
  METRICS_ALLOWED_NETWORKS, METRICS_TOKEN   who may read /metrics (default: loopback only)
  REQUEST_LOG       0 turns the JSON line per request off (default on)
  RENDER_CACHE_SIZE rendered plan rows and decision letters kept per process (default 4096; 0: none)
  PAGE_CACHE_BYTES  bytes of whole signed-in pages kept per process (default 32 MB; 0: none; portal/page_cache.py)
  PROMETHEUS_MULTIPROC_DIR   read by prometheus_client: an empty directory when gunicorn runs several workers
  OIDC_*            citizen sign-in (MitID broker), see README
  STAFF_OIDC_*      staff sign-in
  SMTP_*            outgoing mail for the outbox
  DOCUMENT_STORAGE  filesystem (default, DOCUMENT_STORAGE_PATH, instance/documents) | s3 (DOCUMENT_S3_BUCKET,
                    DOCUMENT_S3_ENDPOINT for an S3-compatible service; needs boto3: pip install .[s3])
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    pass


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigurationError(f"{name} must be a whole number (0 or more), not {raw!r}")
    return int(raw)


def database_url(raw: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common short form."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def _secret_key(instance_path: Path, env: str) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if env == "production":
        raise ConfigurationError("SECRET_KEY must be set in production")
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _oidc(prefix: str) -> dict:
    env = os.environ
    return {
        "issuer": env.get(f"{prefix}_ISSUER", ""),
        "client_id": env.get(f"{prefix}_CLIENT_ID", ""),
        "client_secret": env.get(f"{prefix}_CLIENT_SECRET", ""),
        "scope": env.get(f"{prefix}_SCOPE", "openid profile"),
        "cpr_claim": env.get(f"{prefix}_CPR_CLAIM", "dk:gov:cpr"),
        "name_claim": env.get(f"{prefix}_NAME_CLAIM", "name"),
        "loa_claim": env.get(f"{prefix}_LOA_CLAIM", "loa"),
        "required_loa": env.get(f"{prefix}_REQUIRED_LOA", "Substantial"),
        "subject_claim": env.get(f"{prefix}_SUBJECT_CLAIM", "sub"),
        "role_claim": env.get(f"{prefix}_ROLE_CLAIM", "role"),
        "municipality_claim": env.get(f"{prefix}_MUNICIPALITY_CLAIM", "municipality"),
    }


def from_environment(instance_path: Path) -> dict:
    env = os.environ.get("PORTAL_ENV", "development")
    if env not in {"development", "production", "test"}:
        raise ConfigurationError(f"PORTAL_ENV must be development, production or test, not {env!r}")
    production = env == "production"
    demo = _bool(os.environ.get("PORTAL_DEMO"), default=not production)
    if demo and production:
        raise ConfigurationError("PORTAL_DEMO cannot be switched on when PORTAL_ENV=production")
    default_db = f"sqlite:///{instance_path / 'portal.db'}"
    url = database_url(os.environ.get("DATABASE_URL", default_db))
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": _secret_key(instance_path, env),
        "SQLALCHEMY_DATABASE_URI": url,
        # A server's connections can be cut (restart, failover): one that has lain unused in the pool
        # is pinged before it is used (portal/database.py); an SQLite file cannot go away under an open
        # connection, so there is nothing to ping.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "PING_AFTER_IDLE_SECONDS": _whole_number("PING_AFTER_IDLE_SECONDS", 10),
        "DEMO": demo,
        "DEBUG": _bool(os.environ.get("FLASK_DEBUG")) and not production,
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "tp_session",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "HSTS": production,
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
        "LANGUAGES": ("da", "en"),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the sign-in session
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Attached documents (portal/storage.py): outside the web root; "s3" needs boto3 and a bucket.
        "DOCUMENT_STORAGE": os.environ.get("DOCUMENT_STORAGE", "filesystem"),
        "DOCUMENT_STORAGE_PATH": os.environ.get("DOCUMENT_STORAGE_PATH", str(instance_path / "documents")),
        "DOCUMENT_S3_BUCKET": os.environ.get("DOCUMENT_S3_BUCKET", ""),
        "DOCUMENT_S3_ENDPOINT": os.environ.get("DOCUMENT_S3_ENDPOINT", ""),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), default=True),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_SUBMIT": os.environ.get("RATELIMIT_SUBMIT", "30 per minute"),
        "RATELIMIT_SIGN_IN": os.environ.get("RATELIMIT_SIGN_IN", "10 per minute"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "TRUSTED_PROXIES": _whole_number("TRUSTED_PROXIES", 0),
        "METRICS_ALLOWED_NETWORKS": os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128"),
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
        "REQUEST_LOG": _bool(os.environ.get("REQUEST_LOG"), default=True),
        "RENDER_CACHE_SIZE": _whole_number("RENDER_CACHE_SIZE", 4096),
        "PAGE_CACHE_BYTES": _whole_number("PAGE_CACHE_BYTES", 32 * 1024 * 1024),
        "IDLE_TIMEOUT_MINUTES": int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")),
        "ABSOLUTE_TIMEOUT_HOURS": int(os.environ.get("ABSOLUTE_TIMEOUT_HOURS", "8")),
        "OIDC": _oidc("OIDC"),
        "STAFF_OIDC": _oidc("STAFF_OIDC"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _bool(os.environ.get("SMTP_STARTTLS")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "traeningsportalen@localhost"),
    }
