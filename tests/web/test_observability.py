"""Observability: /health for a load balancer, Prometheus metrics per endpoint
at /metrics (loopback or a token only, correct across gunicorn workers), and
one JSON log line per request with no personal data."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from tests.conftest import make_app
from tests.helpers import load_demo, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _audit_entries(app) -> int:
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


# ------------------------------------------------------------------ health

def test_health_answers_200_with_a_tiny_json_body_and_no_cookie(app, client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert len(response.get_data()) < 100
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_health_writes_no_audit_entry_and_is_never_rate_limited(app):
    limited = make_app(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True,
                       RATELIMIT_SUBMIT="2 per minute", RATELIMIT_STORAGE_URI="memory://")
    load_demo(limited)
    before = _audit_entries(limited)
    client = limited.test_client()
    assert {client.get("/health").status_code for _ in range(30)} == {200}
    assert {client.head("/health").status_code for _ in range(5)} == {200}
    assert _audit_entries(limited) == before


@pytest.mark.parametrize("uri", [
    "sqlite:////nonexistent-folder/portal.db",  # cannot be opened
    "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2",  # nothing listens
])
def test_health_answers_503_when_the_database_cannot_be_reached(uri):
    from portal import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": uri})
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert "Set-Cookie" not in response.headers


# ----------------------------------------------------------------- metrics

def _metrics(client, **kwargs) -> str:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_metrics_count_and_time_each_endpoint_by_name_never_by_path(app, client):
    from tests.web import schedule_support as support

    demo = support.load(app)
    sign_in(client, "birthe")
    reference = demo.upcoming[0][0]
    client.get("/min-side")
    client.get("/min-side")
    client.get(f"/traeningsplan/{reference}")
    text = _metrics(client)
    assert 'portal_http_request_duration_seconds_count{endpoint="auth.overview",method="GET",status="200"} 2.0' in text
    assert 'portal_http_request_duration_seconds_count{endpoint="schedule.session",method="GET",status="200"} 1.0' in text
    assert 'portal_http_request_duration_seconds_bucket{endpoint="auth.overview",le="0.25",method="GET",status="200"}' in text
    assert reference not in text and "/traeningsplan" not in text and "/min-side" not in text


def test_metrics_are_refused_to_an_address_outside_the_allowed_networks(app, client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 404
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_metrics_from_loopback_through_an_untrusted_proxy_are_refused(app, client):
    # A reverse proxy on the same host forwards the internet from 127.0.0.1.
    assert client.get("/metrics", headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 404


def test_metrics_with_the_right_token_are_answered_from_anywhere(app):
    tokened = make_app(app.config["SQLALCHEMY_DATABASE_URI"], METRICS_TOKEN="s3cret-scrape", METRICS_ALLOWED_NETWORKS="")
    client = tokened.test_client()
    outside = {"REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/metrics", environ_base=outside).status_code == 404
    assert client.get("/metrics").status_code == 404  # no network allowed: loopback needs the token too
    assert client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", environ_base=outside,
                      headers={"Authorization": "Bearer s3cret-scrape"}).status_code == 200


def test_metrics_networks_that_are_not_networks_stop_the_app(app):
    from portal.settings import ConfigurationError

    with pytest.raises(ConfigurationError):
        make_app(app.config["SQLALCHEMY_DATABASE_URI"], METRICS_ALLOWED_NETWORKS="10.0.0.0/8,the office")


def test_health_and_metrics_need_no_session_and_write_nothing(app, client):
    before = _audit_entries(app)
    for path in ("/health", "/metrics"):
        response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert _audit_entries(app) == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_metrics_add_up_every_gunicorn_worker_with_a_multiprocess_directory(tmp_path):
    """Three workers serve the requests (sent ten at a time until more than one
    worker has answered some); every scrape, whichever worker answers it,
    counts all of them."""
    from concurrent.futures import ThreadPoolExecutor

    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    (multiproc / "counter_99999.db").write_bytes(b"stale from an earlier run")
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'portal.db'}", SECRET_KEY="t",
               PORTAL_ENV="development", PROMETHEUS_MULTIPROC_DIR=str(multiproc))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn_conf", "-w", "3", "-k", "sync",
         "-b", f"127.0.0.1:{port}", "portal:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def health(_):
        return requests.get(url + "/health", headers={"Connection": "close"}, timeout=5).status_code

    def workers_that_answered() -> set[str]:
        return {path.name.rsplit("_", 1)[1] for path in multiproc.glob("histogram_*.db")}

    try:
        deadline = time.time() + 30
        while True:
            try:
                requests.get(url + "/tilgaengelighed", timeout=2)
                break
            except requests.RequestException:
                if time.time() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        sent = 0
        with ThreadPoolExecutor(max_workers=10) as pool:
            while sent < 30 or (len(workers_that_answered()) < 2 and sent < 3000):
                assert set(pool.map(health, range(10))) == {200}
                sent += 10
        assert len(workers_that_answered()) > 1, f"one worker answered all {sent} requests"
        line = ('portal_http_request_duration_seconds_count{endpoint="platform.health",method="GET",status="200"} '
                f"{float(sent)}")
        for _ in range(6):
            assert line in requests.get(url + "/metrics", headers={"Connection": "close"}, timeout=5).text
        files = {path.name for path in multiproc.glob("*.db")}
        assert "counter_99999.db" not in files  # emptied when gunicorn started
    finally:
        server.terminate()
        server.wait(timeout=20)


# ------------------------------------------------------------- request log

def _log_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{") and '"duration_ms"' in line]


def _logging(app):
    return make_app(app.config["SQLALCHEMY_DATABASE_URI"], REQUEST_LOG=True)


def test_each_request_logs_one_json_line_without_path_query_or_personal_data(app, capsys):
    from tests.web import schedule_support as support

    app = _logging(app)
    client = app.test_client()
    demo = support.load(app)
    sign_in(client, "birthe")
    reference = demo.upcoming[0][0]
    capsys.readouterr()
    client.get(f"/traeningsplan/{reference}?cpr=1203551234&navn=Birthe")
    captured = capsys.readouterr().err
    lines = _log_lines(captured)
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["endpoint"] == "schedule.session" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert {"method", "endpoint", "status", "duration_ms", "time", "message"} == set(line)
    for secret in (reference, "1203551234", "120355", "cpr=", "Birthe", "127.0.0.1"):
        assert secret not in captured


def test_a_request_to_no_route_logs_no_endpoint_and_no_path(app, capsys):
    client = _logging(app).test_client()
    capsys.readouterr()
    client.get("/findes/ikke/1203551234")
    captured = capsys.readouterr().err
    (line,) = _log_lines(captured)
    assert line["endpoint"] is None and line["status"] == 404
    assert "findes" not in captured and "1203551234" not in captured


def test_the_request_log_is_on_unless_switched_off(app, capsys, monkeypatch, tmp_path):
    from portal import settings

    assert settings.from_environment(tmp_path)["REQUEST_LOG"] is True
    monkeypatch.setenv("REQUEST_LOG", "0")
    assert settings.from_environment(tmp_path)["REQUEST_LOG"] is False
    quiet = make_app(app.config["SQLALCHEMY_DATABASE_URI"], REQUEST_LOG=False)
    capsys.readouterr()
    quiet.test_client().get("/health")
    assert _log_lines(capsys.readouterr().err) == []


def test_a_cpr_number_in_any_field_of_a_log_line_is_masked(app, capsys):
    capsys.readouterr()
    logging.getLogger("portal.request").info("request", extra={"endpoint": "x 120355-1234 y", "note": "0309812468"})
    (line,) = [json.loads(text) for text in capsys.readouterr().err.splitlines() if '"note"' in text]
    assert line["endpoint"] == "x 120355-XXXX y" and line["note"] == "030981-XXXX"


def test_gunicorn_start_empties_the_multiprocess_directory(tmp_path, monkeypatch):
    from portal import gunicorn_conf

    (tmp_path / "histogram_1.db").write_bytes(b"old")
    (tmp_path / "keep.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    gunicorn_conf.on_starting(None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_a_probe_with_the_cookie_of_a_relative_whose_fuldmagt_ended_still_gets_its_answer(app, client):
    """The probes run before the sign-in checks: a fuldmagt that ended mid-session
    refuses every case page (403), not /health, and nothing is written."""
    from portal import clock
    from portal.auth.models import Grant
    from portal.extensions import db

    load_demo(app)
    sign_in(client, "mette", act_for="birthe")
    with app.app_context():
        for grant in db.session.scalars(select(Grant)):
            grant.revoked_at = clock.now()
        db.session.commit()
    before = _audit_entries(app)
    for path in ("/health", "/metrics"):
        response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert _audit_entries(app) == before
    assert client.get("/min-side").status_code == 403
