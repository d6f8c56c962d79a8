"""Browser tests: the portal served from a thread of this process (so
time-machine moves its clock too), with demo data, driven by Debian's
Chromium through Playwright."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import _database_uri, make_app

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(backend, tmp_path_factory):
    from portal.demo import load
    from portal.extensions import db

    app = make_app(_database_uri(backend, tmp_path_factory), RATELIMIT_ENABLED=False)
    with app.app_context():
        load()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleErrors(list):
    def assert_none(self, expected_statuses: tuple[int, ...] = ()):
        """No console errors, except the browser's note about a page the test
        expected to be refused (e.g. 403)."""
        unexpected = [
            message for message in self
            if not any(f"status of {status} " in message for status in expected_statuses)
        ]
        assert unexpected == [], f"console errors: {unexpected}"


def _new_page(browser, live_server, java_script_enabled=True):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=java_script_enabled, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = ConsoleErrors()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """A factory for more browser contexts (another person at the same time)."""
    contexts = []

    def factory(java_script_enabled=True):
        context, page = _new_page(browser, live_server, java_script_enabled)
        contexts.append(context)
        return page

    yield factory
    for context in contexts:
        context.close()


def sign_in(page, name: str) -> None:
    """Demo sign-in as the named demo person (e.g. "Birthe Hansen"); returns on the page it leads to."""
    page.goto("/log-ind")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Log ind som {name}").click()


def sign_in_staff(page, name: str) -> None:
    page.goto("/medarbejder/log-ind")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Log ind som {name}").click()


def act_for(page, name: str) -> None:
    """On the choose-person page after sign-in, pick whom to act for."""
    page.get_by_label(name).check()
    page.get_by_role("button", name="Fortsæt").click()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page) -> None:
    """axe-core in the page: no violation of WCAG 2.1 A or AA."""
    from pathlib import Path

    page.wait_for_load_state("load")  # never into a document that is still being replaced
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        vendor = sorted((Path(__file__).resolve().parents[2] / "static" / "vendor").glob("axe-*"))
        assert vendor, "axe-core is missing from static/vendor: run make install"
        # served by the portal itself: the strict CSP allows only own-origin scripts
        page.add_script_tag(url=f"/static/vendor/{vendor[-1].name}/axe.min.js")
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        AXE_TAGS,
    )
    assert result == [], f"accessibility violations on {page.url}: {result}"


class Keyboard:
    """Drives a page with the keyboard alone: Tab to an element from the top
    of the page, then Space, Enter, arrow keys or typing. Fails if Tab never
    reaches it (so a control only a mouse can use is caught)."""

    def __init__(self, page, max_tabs: int = 200):
        self.page = page
        self.max_tabs = max_tabs

    def _tab_until(self, predicate_js: str, handle) -> None:
        self.page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
        self.page.evaluate("() => document.body.focus()")
        for _ in range(self.max_tabs):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(predicate_js, handle):
                return
        raise AssertionError(f"Tab never reached the element on {self.page.url}")

    def focus(self, locator) -> None:
        self._tab_until("(el) => document.activeElement === el", locator.element_handle())

    def type_into(self, locator, text: str) -> None:
        self.focus(locator)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def toggle(self, locator) -> None:
        """A checkbox: Space."""
        self.focus(locator)
        self.page.keyboard.press("Space")

    def choose(self, locator) -> None:
        """A radio button: Tab into its group, then arrow keys to it."""
        handle = locator.element_handle()
        self._tab_until("(el) => document.activeElement && document.activeElement.name === el.name", handle)
        for _ in range(20):
            if self.page.evaluate("(el) => document.activeElement === el && el.checked", handle):
                return
            if self.page.evaluate("(el) => document.activeElement === el", handle):
                self.page.keyboard.press("Space")
                continue
            self.page.keyboard.press("ArrowDown")
        raise AssertionError("the arrow keys never reached the radio button")

    def press(self, locator) -> None:
        """A button or link: Enter, waiting for the page it leads to."""
        self.focus(locator)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
