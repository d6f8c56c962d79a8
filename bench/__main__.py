"""`make bench` (python -m bench): the portal's speed on this machine, page by
page, against the ceiling of a bare Flask + Jinja app serving the same bytes.

  python -m bench                 100,000 citizens, 1,000,000 sessions, 100,000 applications
  python -m bench --small         1,000 / 10,000 / 1,000
  python -m bench --check         tiny data, 2-second runs; fails unless every page answered
  BENCH_DATABASE_URL=postgresql://… python -m bench    on PostgreSQL (its schema is dropped!)

The pages are the table PAGES below. A page whose route the app does not have
(yet) is listed as "skipped (route missing)", never left out silently.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from . import load, queries, report, servers, transfer
from .report import Row, kb


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {case}: the bench citizen's case reference; {booking}: a fresh booking of the pool citizen
    who: str | None = None  # demo person to sign in as (POST /log-ind/demo who=…); None: anonymous
    method: str = "GET"
    form: dict = field(default_factory=dict)  # POST fields besides csrf_token
    expect: int = 200  # the status a working page answers


# The pages measured, in order. Edit here when routes or forms change.
PAGES = (
    Page("forside", "/"),
    Page("kommune", "/kommune/glostrup"),
    Page("træningsplan (40 træninger)", "/traeningsplan", who="birthe"),
    Page("afgørelse", "/mine-sager/{case}/afgoerelse", who="birthe"),
    Page("afbud", "/traeningsplan/{booking}/afbud", who="mette", method="POST",
         form={"reason": "illness", "step": "confirm", "shown": "on_time"}, expect=302),
)
SCALE_PAGE = "træningsplan (40 træninger)"  # measured at 1,000 sessions and at full size
SCALE_FIRST = 1_000

SIZES = {
    "default": (100_000, 1_000_000, 100_000),
    "small": (1_000, 10_000, 1_000),
    "check": (200, 5_000, 200),
}
POOL_PER_SECOND = 1_000  # fresh bookings per second of cancel POSTs (more than this machine can cancel)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="1,000 citizens, 10,000 sessions, 1,000 applications")
    parser.add_argument("--check", action="store_true",
                        help="CI: tiny data, 2-second runs; exit non-zero unless every page answered 2xx/3xx")
    parser.add_argument("--citizens", type=int)
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--applications", type=int)
    parser.add_argument("--duration", type=float, help="seconds per measurement (default 10; 2 with --check)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers (default: one per core)")
    parser.add_argument("--worker-class", default="gthread", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--slices", type=int,
                        help="portal and ceiling take turns this many times per page (default: one turn per 2 s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args(argv)
    citizens, sessions, applications = SIZES["check" if args.check else "small" if args.small else "default"]
    args.citizens = args.citizens if args.citizens is not None else citizens
    args.sessions = args.sessions if args.sessions is not None else sessions
    args.applications = args.applications if args.applications is not None else applications
    args.duration = args.duration or (2.0 if args.check else 10.0)
    args.slices = max(1, args.slices or min(5, int(args.duration // 2)))
    if args.duration / args.slices < 1:
        parser.error("each slice needs at least 1 second: fewer --slices or a longer --duration")
    if args.citizens < 1 or args.applications < 1 or args.sessions < 100:
        parser.error("at least 1 citizen, 1 application and 100 sessions")
    return args


# ----------------------------------------------------------------- helpers

def route_exists(app, page: Page, case_ref: str) -> bool:
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    path = page.path.format(case=case_ref, booking="TB-XXX-XXX")
    try:
        app.url_map.bind("localhost").match(path, method=page.method)
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True


class Browser:
    """A signed-in visitor of the served portal: its cookie and CSRF token, for wrk."""

    def __init__(self, base: str, who: str | None):
        import requests

        self.base = base
        self.http = requests.Session()
        self.token = None
        if who:
            token = queries.csrf_token(self.http.get(base + "/log-ind").text)
            answer = self.http.post(base + "/log-ind/demo", data={"who": who, "csrf_token": token},
                                    allow_redirects=False)
            if answer.status_code != 302:
                raise RuntimeError(f"demo sign-in as {who} answered {answer.status_code}")
        # After sign-in the session is new: a page with a form puts a CSRF token in it.
        self.token = queries.csrf_token(self.http.get(base + "/").text)

    @property
    def headers(self) -> dict[str, str]:
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        return {"Cookie": cookie} if cookie else {}

    def request(self, method: str, path: str, form: dict | None = None):
        data = {**form, "csrf_token": self.token} if method == "POST" else None
        return self.http.request(method, self.base + path, data=data, allow_redirects=False)


def drain(url: str, slowest_ms: float = 0.0, limit: float = 180.0) -> None:
    """Wait until the server has worked off what a run left queued: wrk stops
    sending at the end, but the server still answers every request it accepted.
    A cheap probe must come back fast three times in a row; then a pause as
    long as the slowest request of the run, for the ones still in progress."""
    import urllib.request

    deadline = time.monotonic() + limit
    fast = 0
    while fast < 3 and time.monotonic() < deadline:
        began = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=limit) as answer:
                answer.read()
        except OSError:
            pass
        fast = fast + 1 if time.monotonic() - began < 0.05 else 0
    time.sleep(min(slowest_ms / 1000, 30.0))


def measure(url: str, seconds: float, headers: dict, *, idle: str, pool=None, warm: bool = True) -> load.Result:
    """Warm up, then one measured run; `idle` is a cheap URL of the same server for drain()."""
    if warm:
        warmed = load.run(url, seconds=min(2.0, max(1.0, seconds / 5)), headers=headers)
        drain(idle, warmed.p99_ms)
    result = load.run(url, seconds=seconds, headers=headers, pool=pool)
    drain(idle, result.p99_ms)
    return result


@dataclass
class LoadTarget:
    url: str
    headers: dict
    idle: str  # a cheap URL of the same server, for drain()
    pool: tuple[str, list[str]] | None = None  # (form body, paths) for POSTs


def alternate(first: LoadTarget, second: LoadTarget, seconds: float, slices: int) -> tuple[load.Result, load.Result]:
    """Both servers, in turn, `slices` times for seconds/slices each, after a warm-up
    of each: so both meet the same conditions on a machine whose load varies. A
    pool is cut in one piece per slice, so no booking is used twice."""
    for target in (first, second):
        if target.pool is None:
            warmed = load.run(target.url, seconds=min(2.0, max(1.0, seconds / 5)), headers=target.headers)
            drain(target.idle, warmed.p99_ms)
    runs: tuple[list, list] = ([], [])
    for i in range(slices):
        for target, results in zip((first, second), runs):
            pool = None
            if target.pool is not None:
                body, paths = target.pool
                size = len(paths) // slices
                pool = (body, paths[i * size:(i + 1) * size])
            result = load.run(target.url, seconds=seconds / slices, headers=target.headers, pool=pool)
            results.append(result)
            drain(target.idle, result.p99_ms)
    return load.combine(runs[0]), load.combine(runs[1])


# -------------------------------------------------------------------- main

def main(argv=None) -> int:
    args = arguments(argv)
    # Stopped with SIGTERM (or SIGINT where a shell ignores it for background jobs):
    # unwind, so the finally blocks stop both gunicorns.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        load.ensure_wrk()
    except load.WrkMissing as missing:
        say(f"bench: {missing}")
        return 2
    from . import database

    target = database.target_from_environment()
    environment = {
        "DATABASE_URL": target.url, "SECRET_KEY": "bench-" + secrets.token_hex(16), "PORTAL_ENV": "development",
        "PORTAL_DEMO": "1", "FLASK_DEBUG": "0",
        # The limiter stays in the path, with limits the load cannot reach.
        "RATELIMIT_SUBMIT": "10000000 per minute", "RATELIMIT_SIGN_IN": "10000 per minute",
    }
    os.environ.update(environment)
    log_dir = Path(target.temporary_dir or _mkdtemp())  # gunicorn's error logs (and the SQLite file)
    failures: list[str] = []
    try:
        return _run(args, target, environment, log_dir, failures)
    finally:
        if args.keep and target.temporary_dir:
            say(f"kept {target.url} and the gunicorn logs in {log_dir}")
        else:
            shutil.rmtree(log_dir, ignore_errors=True)


def _mkdtemp() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="portal-bench-")


def _run(args, target, environment, log_dir: Path, failures: list[str]) -> int:
    from portal import create_app

    from . import database, seed

    app = create_app({"RATELIMIT_ENABLED": False})
    cores = os.cpu_count() or 1
    threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    print(f"Træningsportalen bench: {cores} cores; gunicorn {args.workers} {args.worker_class} workers{threads} "
          f"for the portal and for the ceiling; wrk {load.CONNECTIONS} connections, {args.duration:g} s per page "
          f"and server, in {args.slices} turns")
    print(f"database: {target.label}")
    print(f"data: {args.citizens:,} citizens, {args.sessions:,} sessions, {args.applications:,} applications")
    print(f"load average before the run: {_load()} (anything above 0 is another process competing for the cores)")
    if _busy():
        print("WARNING: this machine is busy with other work: the figures below share its cores with it")

    say("schema …")
    print(database.fresh_schema(app, environment))

    # ---- stage 1: everything but the sessions, which start at 1,000
    started = time.monotonic()
    pool_size = int(POOL_PER_SECOND * args.duration) + 10
    first = min(SCALE_FIRST, args.sessions)
    with app.app_context():
        world = seed.new_world()
        say(f"seeding {args.citizens:,} citizens and {args.applications:,} applications …")
        seed.seed_people(world, args.citizens)
        seed.seed_cases(world, args.applications)
        seed.seed_bench_citizen(world)
        seed.seed_sessions(world, first - seed.BENCH_SESSIONS)
        seed.finish()
        case_ref = world.bench_case_reference
        stage_one_sessions = seed.count(seed.Booking)
    say(f"  {time.monotonic() - started:.0f} s")

    rows = []
    for page in PAGES:
        row = Row(page.name, page.method, page.path.format(case=case_ref, booking="<booking>"))
        if not route_exists(app, page, case_ref):
            row.skipped = "route missing"
        rows.append(row)
    live = [(page, row) for page, row in zip(PAGES, rows) if not row.skipped]
    scale = next(((p, r) for p, r in live if p.name == SCALE_PAGE), None)

    slices = args.slices
    common = dict(workers=args.workers, worker_class=args.worker_class, threads=args.threads, log_dir=log_dir)
    portal = servers.start("portal", "portal:create_app()", env=environment, **common)
    try:
        ceiling = servers.start("ceiling", "bench.ceiling:app", env={}, probe="/100", **common)
    except BaseException:
        portal.stop()
        raise
    portal_idle = portal.url + "/static/img/favicon.svg"
    try:
        browsers: dict[str | None, Browser] = {}

        def browser(who):
            if who not in browsers:
                browsers[who] = Browser(portal.url, who)
            return browsers[who]

        scale_first = None
        if scale:
            page, _ = scale
            say(f"{SCALE_PAGE} at {stage_one_sessions:,} sessions …")
            b = browser(page.who)
            answer = b.request("GET", page.path.format(case=case_ref))
            if answer.status_code != page.expect:
                failures.append(f"{page.name} answered {answer.status_code} at {stage_one_sessions:,} sessions, not {page.expect}")
            scale_first = measure(portal.url + page.path.format(case=case_ref), args.duration, b.headers,
                                  idle=portal_idle)

        # ---- stage 2: grow to the full number of sessions, with the afbud pool among them
        started = time.monotonic()
        with app.app_context():
            pool_needed = any(p.method == "POST" for p, _ in live)
            pool_count = pool_size + 2 if pool_needed else 0
            bulk = max(0, args.sessions - stage_one_sessions - pool_count)
            say(f"growing to {stage_one_sessions + bulk + pool_count:,} sessions …")
            seed.seed_sessions(world, bulk)
            pool = seed.seed_pool(world, pool_count)
            seed.finish()
            full_sessions = seed.count(seed.Booking)
        say(f"  {time.monotonic() - started:.0f} s")
        if full_sessions != args.sessions:
            print(f"note: {full_sessions:,} sessions in the database (the afbud pool needs {pool_count:,})")
        probe_ref, count_ref, pool = (pool[-1], pool[-2], pool[:-2]) if pool else (None, None, [])

        # ---- SQL statements per request (Flask test client, in this process)
        for page, row in live:
            path = page.path.format(case=case_ref, booking=count_ref)
            statements, status, _ = queries.count(app, page.method, path, who=page.who, form=page.form)
            row.queries = statements
            if status != page.expect:
                failures.append(f"{page.name}: the test client got {status}, not {page.expect}")

        # ---- each page: one request to see it works, then portal and ceiling in turn
        for page, row in live:
            b = browser(page.who)
            path = page.path.format(case=case_ref, booking=probe_ref)
            answer = b.request(page.method, path, page.form)
            row.size = len(answer.content)
            if answer.status_code != page.expect:
                failures.append(f"{page.name} answered {answer.status_code}, not {page.expect}")
                row.note = f"answered {answer.status_code} before the run, not {page.expect}"
            say(f"{page.name}: portal and ceiling, {slices} × {args.duration / slices:g} s each …")
            ceiling_target = LoadTarget(f"{ceiling.url}/{row.size}", {}, f"{ceiling.url}/100")
            if page.method == "GET":
                portal_target = LoadTarget(portal.url + path, b.headers, portal_idle)
            else:
                body = urlencode({**page.form, "csrf_token": b.token})
                paths = [page.path.format(case=case_ref, booking=ref) for ref in pool]
                portal_target = LoadTarget(portal.url + "/", b.headers, portal_idle, pool=(body, paths))
            row.portal, row.ceiling = alternate(portal_target, ceiling_target, args.duration, slices)
            if page.method == "POST":
                row.note = _pool_note(app, row.portal, pool, failures)
            for label, result in (("portal", row.portal), ("ceiling", row.ceiling)):
                if not result.ok:
                    failures.append(f"{page.name} ({label}): {result.requests} requests, "
                                    f"{result.bad_status} not 2xx/3xx, {result.socket_errors} socket errors")

        say("first and repeat visit …")
        visit = transfer.measure(portal.url, "/")
    finally:
        portal.stop()
        ceiling.stop()

    # ---- the report
    print()
    print(report.table(rows))
    print()
    if scale and scale_first and scale[1].portal:
        full = scale[1].portal
        share = full.rps / scale_first.rps if scale_first.rps else 0
        print(f"{SCALE_PAGE}: {scale_first.rps:,.1f} req/s with {stage_one_sessions:,} sessions in the database, "
              f"{full.rps:,.1f} req/s with {full_sessions:,} ({share:.0%})")
    elif not scale:
        print(f"SKIPPED {SCALE_PAGE} at {SCALE_FIRST:,} and {args.sessions:,} sessions — skipped (route missing)")
    kinds = {}
    for f in visit.files:
        kinds[f.kind] = kinds.get(f.kind, 0) + f.bytes
    parts = ", ".join(f"{kind} {kb(n)}" for kind, n in kinds.items())
    html = visit.files[0]
    print(f"first visit to /: {kb(visit.first)} ({parts}; HTML {html.encoding}, static files gzip where served so)")
    if visit.not_cached:
        names = ", ".join(f"{f.url} ({f.cache_control or 'no Cache-Control'})" for f in visit.not_cached)
        print(f"repeat visit to /: {kb(visit.repeat)} (the HTML, and static files without long caching: {names})")
    else:
        ages = sorted({f.cached_for for f in visit.files[1:]})
        print(f"repeat visit to /: {kb(visit.repeat)} (only the HTML: every static file has Cache-Control max-age ≥ "
              f"{min(ages) // 86400 if ages else 0} days)")
    for f in visit.files:
        cache = f"max-age {f.cached_for // 86400} days" if f.cached_for >= 86400 else (f.cache_control or "no Cache-Control")
        print(f"   {kb(f.bytes):>9}  {f.kind:<5} {f.encoding:<8} {cache:<18} {f.url}")
    if visit.missing_fonts:
        print(f"note: the stylesheet has no woff2 @font-face for {', '.join(visit.missing_fonts)}")
    for f in visit.files:
        if f.status != 200:
            failures.append(f"{f.url} answered {f.status} on the first visit")

    print(f"load average after the run: {_load()} (the bench's own gunicorn and wrk count in it)")
    ratios = [row.ratio for page, row in live if page.method == "GET" and row.ratio is not None]
    ratio = min(ratios) if ratios else float("nan")
    if not ratios:
        failures.append("no GET page was measured, so there is no ratio")

    print()
    print("targets (issue 7, part 2):")
    gets = [row for page, row in live if page.method == "GET" and row.portal]
    worst = max(gets, key=lambda row: row.portal.p95_ms, default=None)
    _target("ratio ≥ 0.6", f"{ratio:.2f}", ratio >= 0.6)
    if worst:
        _target("p95 ≤ 50 ms at 16 connections", f"worst {worst.portal.p95_ms:,.0f} ms ({worst.name})",
                worst.portal.p95_ms <= 50)
    if scale and scale_first and scale[1].portal and scale_first.rps:
        share = scale[1].portal.rps / scale_first.rps
        _target(f"{SCALE_PAGE} at {full_sessions:,} sessions within 10 % of {stage_one_sessions:,}",
                f"{share:.0%}", share >= 0.9)
    else:
        print(f"  {SCALE_PAGE} at 1,000 and 1,000,000 sessions: skipped (route missing)")
    print("  SQL statements per page constant with the data: tests/web/test_query_counts.py")
    _target("first visit ≤ 200 KB", kb(visit.first), visit.first <= 200 * 1024)
    _target("repeat visit ≤ 20 KB", kb(visit.repeat), visit.repeat <= 20 * 1024)

    if failures:
        print()
        for failure in failures:
            print(f"PROBLEM: {failure}")
    print(f"ratio: {ratio:.2f}")
    if args.check:
        if failures:
            print(f"bench --check FAILED: {len(failures)} problem(s) above", file=sys.stderr)
            return 1
        print("bench --check: every page answered 2xx/3xx", file=sys.stderr)
    return 1 if failures else 0


def _target(what: str, reached: str, met: bool) -> None:
    print(f"  {what}: {reached} — {'met' if met else 'NOT met'}")


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _busy() -> bool:
    try:
        return os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1)
    except OSError:
        return False


def _pool_note(app, result: load.Result, pool: list[str], failures: list[str]) -> str:
    """Cancel POSTs are only real if each cancelled a booking: count them in the database."""
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.schedule.models import CANCELLED, Booking

    with app.app_context():
        cancelled = 0
        for i in range(0, len(pool), 5000):
            cancelled += db.session.scalar(select(func.count()).select_from(Booking).where(
                Booking.reference.in_(pool[i:i + 5000]), Booking.status == CANCELLED))
    note = f"{cancelled:,} bookings cancelled by {result.requests:,} answered POSTs ({result.issued:,} sent)"
    if result.exhausted:
        note += f"; the pool ran out: {result.exhausted:,} POSTs repeated a cancelled booking"
        failures.append(f"the afbud pool ran out ({result.exhausted:,} repeats): raise POOL_PER_SECOND")
    if not (result.requests <= cancelled <= (result.issued or cancelled)):
        failures.append(f"afbud: {cancelled:,} bookings cancelled, but {result.requests:,} POSTs were answered")
    return note


if __name__ == "__main__":
    sys.exit(main())
