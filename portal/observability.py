"""What operations can see: /health for a load balancer, request duration and
count per endpoint as Prometheus metrics at /metrics (not public), and one
JSON log line per request.

/health and /metrics read no session, set no cookie, write no audit entry
and are exempt from the rate limits: a load balancer's probe or a Prometheus
scrape every few seconds must neither be refused nor leave traces in a case.

Several gunicorn workers each count their own requests. For /metrics to
answer for all of them, gunicorn runs with PROMETHEUS_MULTIPROC_DIR set to an
empty directory (prometheus_client then keeps every worker's figures in files
there and adds them up per scrape) and with `-c python:portal.gunicorn_conf`,
which empties the directory at start and tells prometheus_client when a
worker has exited. Without the variable each worker answers for itself only,
which is right for one process (`flask run`, the tests).
"""

from __future__ import annotations

import hmac
import logging
import os
import sys
import time
from ipaddress import ip_address, ip_network

from flask import Blueprint, Flask, current_app, g, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db, limiter
from .settings import ConfigurationError

REQUEST_LOGGER = "portal.request"
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

bp = Blueprint("platform", __name__)
_PROBES = frozenset({"platform.health", "prometheus_metrics"})


# ----------------------------------------------------------------- health

@bp.get("/health")
@limiter.exempt
def health():
    """200 when the database answers a trivial query, else 503: a load balancer
    takes a process whose database is gone out of rotation."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("health: database unavailable: %s", type(error).__name__)
        return _tiny({"status": "unavailable", "database": "unreachable"}, 503)
    return _tiny({"status": "ok", "database": "ok"}, 200)


def _tiny(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- metrics

def _endpoint(req) -> str:
    """The label of a request: its endpoint name, never the path (which holds references)."""
    return req.endpoint or "none"


_endpoint.__name__ = "endpoint"  # the label's name in the metrics


def metrics_allowed() -> bool:
    """A scrape is answered with the right bearer token (METRICS_TOKEN), or from
    an address in METRICS_ALLOWED_NETWORKS (default: loopback only). The
    address is the one the TRUSTED_PROXIES setting makes real; when no proxy
    is trusted, a request that a proxy forwarded (X-Forwarded-For, Forwarded)
    does not count as local, since a reverse proxy on the same host would
    otherwise make the whole internet look like loopback."""
    config = current_app.config
    token = config.get("METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    if not config.get("TRUSTED_PROXIES") and (request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded")):
        return False
    try:
        address = ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in config.get("METRICS_NETWORKS", ()))


def _guarded(view):
    def metrics_view():
        if not metrics_allowed():
            return _tiny({"status": "not found"}, 404)
        response = current_app.make_response(view())
        response.headers["Cache-Control"] = "no-store"
        return response

    metrics_view.__name__ = view.__name__
    return metrics_view


def _init_metrics(app: Flask) -> None:
    from prometheus_client import CollectorRegistry
    from prometheus_flask_exporter import PrometheusMetrics

    directory = os.environ.get(MULTIPROC_VARIABLE)
    if directory and not os.path.isdir(directory):
        raise ConfigurationError(f"{MULTIPROC_VARIABLE} must be an existing directory, not {directory!r}")
    # A registry per app: several apps in one process (the tests) keep their own figures.
    metrics = PrometheusMetrics(
        app, path="/metrics", group_by=_endpoint, registry=CollectorRegistry(),
        metrics_decorator=_guarded, defaults_prefix="portal",
    )
    view = app.view_functions.get("prometheus_metrics")  # absent under the development reloader
    if view is not None:
        limiter.exempt(view)
    app.extensions["portal_metrics"] = metrics


# ------------------------------------------------------------ request log

class _StandardError(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (gunicorn's, or a test's capture)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def _request_logger() -> logging.Logger:
    from pythonjsonlogger.json import JsonFormatter

    logger = logging.getLogger(REQUEST_LOGGER)
    if not any(isinstance(handler, _StandardError) for handler in logger.handlers):
        handler = _StandardError()
        handler.setFormatter(JsonFormatter(timestamp="time"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # the one line per request, not again through the root logger
    return logger


def _init_request_log(app: Flask) -> None:
    logger = _request_logger()

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        if started is not None and app.config.get("REQUEST_LOG"):
            # Method, endpoint name, status and time only: no path (references),
            # no query string, no address, no person. The CPR filter on this
            # logger masks any CPR number that could still slip into a field.
            logger.info("request", extra={
                "method": request.method, "endpoint": request.endpoint, "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            })
        return response


def init_app(app: Flask) -> None:
    """Called first among the extensions, so the timing hooks run before and
    after everything else in the request."""
    app.config["METRICS_NETWORKS"] = _networks(app.config.get("METRICS_ALLOWED_NETWORKS", ""))
    _init_request_log(app)
    _init_metrics(app)
    app.register_blueprint(bp)

    @app.before_request
    def answer_probes_first():
        # Registered before the session, sign-in, CSRF and rate-limit hooks, so
        # none of them runs for a probe or a scrape: a browser's cookie or a
        # fuldmagt that just ended cannot change the answer, nothing is written.
        # (The timing hooks above still run, and every after_request hook.)
        if request.endpoint in _PROBES:
            return current_app.view_functions[request.endpoint]()
        return None


def _networks(text_value: str) -> tuple:
    networks = []
    for part in text_value.replace(";", ",").split(","):
        if part.strip():
            try:
                networks.append(ip_network(part.strip(), strict=False))
            except ValueError:
                raise ConfigurationError(f"METRICS_ALLOWED_NETWORKS: {part.strip()!r} is not an address or network") from None
    return tuple(networks)
