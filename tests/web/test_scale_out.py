"""The portal scales out: two processes against one PostgreSQL and one Redis
share sign-ins and rate limits; nothing is kept in a process."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import REDIS_URL, make_app, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url():
    if not REDIS_URL:
        skip_or_fail("Redis", "TEST_REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except Exception as error:  # noqa: BLE001
        skip_or_fail("Redis", f"cannot reach {REDIS_URL}: {type(error).__name__}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


@pytest.fixture
def two_processes(postgres_url, redis_url):
    from portal.extensions import db
    from portal.settings import database_url
    from tests.helpers import load_demo

    app = make_app(database_url(postgres_url))
    load_demo(app)
    with app.app_context():
        db.engine.dispose()
    env = dict(os.environ, DATABASE_URL=postgres_url, REDIS_URL=redis_url, SECRET_KEY="shared-secret",
               PORTAL_ENV="development", PORTAL_DEMO="1", RATELIMIT_SIGN_IN="3 per minute")
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "portal:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.time() + 20
    for url in urls:
        while True:
            try:
                requests.get(url + "/tilgaengelighed", timeout=1)
                break
            except requests.RequestException:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
    yield urls
    for server in servers:
        server.terminate()
        server.wait(timeout=10)
    with app.app_context():
        db.engine.dispose()


def _token(session: requests.Session, url: str) -> str:
    html = session.get(url + "/log-ind", timeout=5).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_signed_in_on_one_process_continues_on_the_other(two_processes):
    first, second = two_processes
    browser = requests.Session()
    response = browser.post(first + "/log-ind/demo", data={"who": "jens", "csrf_token": _token(browser, first)},
                            allow_redirects=False, timeout=5)
    assert response.status_code == 302
    page = browser.get(second + "/min-side", allow_redirects=False, timeout=5)
    assert page.status_code == 200
    assert "Jens Nielsen" in page.text
    # signing out on the second ends it on the first too
    html = page.text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    browser.post(second + "/log-ud", data={"csrf_token": token}, timeout=5)
    assert browser.get(first + "/min-side", allow_redirects=False, timeout=5).status_code == 302


def test_rate_limits_are_shared_between_processes(two_processes):
    first, second = two_processes
    statuses = []
    for url in (first, second, first, second):
        browser = requests.Session()
        statuses.append(browser.post(url + "/log-ind/demo", data={"who": "jens", "csrf_token": _token(browser, url)},
                                     allow_redirects=False, timeout=5).status_code)
    assert statuses == [302, 302, 302, 429]


def _upcoming_references(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"/traeningsplan/(T[A-Z]-[A-Z0-9]{3}-[A-Z0-9]{3})/flyt", html)))


def test_a_place_taken_through_one_process_is_gone_on_the_other(two_processes):
    first, second = two_processes
    browser = requests.Session()
    browser.post(first + "/log-ind/demo", data={"who": "birthe", "csrf_token": _token(browser, first)}, timeout=5)
    references = _upcoming_references(browser.get(first + "/traeningsplan", timeout=5).text)
    assert len(references) >= 2
    move_page = browser.get(f"{first}/traeningsplan/{references[0]}/flyt", timeout=5).text
    free = re.findall(r'name="slot" class="form-radio" value="(\d+)"', move_page)
    assert free, "the demo has free times to move to"
    token = re.search(r'"X-CSRFToken": "([^"]+)"', move_page).group(1)
    # take an individual time (one place) through the first process …
    taken = browser.post(f"{first}/traeningsplan/{references[0]}/flyt", data={"slot": free[0], "csrf_token": token},
                         allow_redirects=False, timeout=5)
    assert taken.status_code == 302, taken.text[:500]
    # … and the second process no longer offers it
    other_move_page = browser.get(f"{second}/traeningsplan/{references[1]}/flyt", timeout=5).text
    offered = re.findall(r'name="slot" class="form-radio" value="(\d+)"', other_move_page)
    assert free[0] not in offered
