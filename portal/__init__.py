"""Træningsportalen: self-service for municipal training under serviceloven § 86."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import security, settings

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(settings.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    if app.config["PORTAL_ENV"] == "production" and app.config.get("DEMO"):
        raise settings.ConfigurationError("Demo sign-in cannot be switched on in production")

    _configure_logging(app)
    _serve_static(app)
    security.trust_proxies(app)  # outermost: every layer below sees the real client
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def _serve_static(app: Flask) -> None:
    """WhiteNoise serves /static/: every URL there is versioned (see assets.py),
    so a year of caching is safe; vendor files are pre-compressed."""
    from whitenoise import WhiteNoise

    def headers(headers, path, url):
        headers["X-Content-Type-Options"] = "nosniff"

    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=app.static_folder, prefix="static/", max_age=365 * 24 * 3600,
        autorefresh=app.debug or app.config.get("TESTING", False), add_headers_function=headers,
    )


def _configure_logging(app: Flask) -> None:
    from .logging_filters import install

    install(app)


def register_extensions(app: Flask) -> None:
    from . import i18n, observability, security, sessions, sqlite
    from .extensions import babel, csrf, db, htmx, limiter, migrate

    observability.init_app(app)  # first: its timing hooks wrap every other hook
    sessions.init_app(app)
    db.init_app(app)
    sqlite.init_app(app)
    from . import pinging, side

    pinging.init_app(app)
    side.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    from . import storage

    storage.init_app(app)  # before CSRF: an upload's larger size limit must hold when CSRF reads the form
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    htmx.init_app(app)
    limiter.init_app(app)
    i18n.register(app)
    security.init_app(app)
    from . import page_cache, render_cache, templating
    from .auth import current, oidc

    templating.init_app(app)
    render_cache.init_app(app)
    page_cache.init_app(app)
    current.init_app(app)
    oidc.init_app(app)

    from . import models  # noqa: F401  (every model registered with the metadata)
    from .municipalities import all_municipalities, national

    # Validate every municipality file at start-up: a broken file stops the app.
    all_municipalities()
    national()


def register_blueprints(app: Flask) -> None:
    """One blueprint per capability; each views.py reads as that capability's URL map."""
    from .apply.views import bp as apply_bp
    from .auth.views import bp as auth_bp
    from .cases.views import bp as cases_bp
    from .complaints.views import bp as complaints_bp
    from .guide.views import bp as guide_bp
    from .messages.views import bp as messages_bp
    from .outbox.views import bp as outbox_bp
    from .public.views import bp as public_bp
    from .quality.views import bp as quality_bp
    from .quality.views import followup as followup_bp
    from .schedule.views import bp as schedule_bp
    from .staff.views import bp as staff_bp

    for blueprint in (public_bp, auth_bp, guide_bp, apply_bp, cases_bp, schedule_bp, complaints_bp, staff_bp, outbox_bp,
                      messages_bp, quality_bp, followup_bp):
        app.register_blueprint(blueprint)
    register_capabilities()


def register_capabilities() -> None:
    """Each capability's words for the audit log (/aktivitet) and the blocks it
    adds to other capabilities' pages, in the order those pages show them."""
    from . import audit, templating
    from .apply import views as apply_views
    from .cases import views as cases_views
    from .complaints import views as complaints_views
    from .messages import views as messages_views
    from .quality import views as quality_views
    from .schedule import views as schedule_views
    from .staff import views as staff_views

    for capability in (apply_views, cases_views, complaints_views, schedule_views, staff_views, messages_views,
                       quality_views):
        audit.ACTION_LABELS.update(capability.AUDIT_LABELS)
        for page, template in capability.PAGE_BLOCKS.items():
            templating.register_block(page, template)


def register_errorhandlers(app: Flask) -> None:
    from .errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from .cli import init_app

    init_app(app)
