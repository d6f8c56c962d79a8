"""`make bench` (python -m bench): the portal's speed on this machine, page by
page, against the ceiling of a bare Flask + Jinja app serving the same bytes.

  python -m bench                 100,000 citizens, 1,000,000 sessions, 100,000 applications
  python -m bench --small         1,000 / 10,000 / 1,000
  python -m bench --check         tiny data, 2-second runs; fails unless every page answered
  BENCH_DATABASE_URL=postgresql://… python -m bench    SQLite, then PostgreSQL (its schema is dropped!)
  python -m bench --database postgresql                only one of them

The pages are the table PAGES below. A page whose route the app does not have
(yet) is listed as "skipped (route missing)", never left out silently.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from portal import gunicorn_conf

from . import load, queries, quality, report, servers, transfer
from .report import Row, kb


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {case}, {complaint}, {slot}: seed.World.references; {booking}: a booking of the page's pool
    who: str | None = None  # demo person ("birthe") or demo staff ("staff:lone") signed in; None: anonymous
    method: str = "GET"
    form: dict = field(default_factory=dict)  # POST fields besides csrf_token; "{target}": the pool's target slot
    expect: int = 200  # the status a working page answers
    pool: str | None = None  # POSTs: "cancel" (a booking each) or "move" (a booking and a free target each)

    @property
    def signed_in(self) -> bool:
        return self.who is not None


# The pages measured, in order. Edit here when routes or forms change.
PAGES = (
    Page("forside", "/"),
    Page("kommune", "/kommune/glostrup"),
    Page("kvalitet", "/kommune/glostrup/kvalitet"),
    Page("kvalitet (JSON)", "/kommune/glostrup/kvalitet.json"),
    Page("min side", "/min-side", who="birthe"),
    Page("mine sager", "/mine-sager", who="birthe"),
    Page("sag", "/mine-sager/{case}", who="birthe"),
    Page("afgørelse", "/mine-sager/{case}/afgoerelse", who="birthe"),
    Page("træningsplan (40 træninger)", "/traeningsplan", who="birthe"),
    Page("klage", "/klage/{complaint}", who="birthe"),
    Page("fuldmagt", "/fuldmagt", who="birthe"),
    Page("aktivitet", "/aktivitet", who="birthe"),
    Page("visitationens indbakke", "/medarbejder", who="staff:lone"),
    Page("hold (terapeut)", "/medarbejder/traening/{slot}", who="staff:peter"),
    Page("afbud", "/traeningsplan/{booking}/afbud", who="mette", method="POST",
         form={"reason": "illness", "step": "confirm", "shown": "on_time"}, expect=302, pool="cancel"),
    Page("flyt", "/traeningsplan/{booking}/flyt", who="mette", method="POST",
         form={"slot": "{target}"}, expect=302, pool="move"),
)
SCALE_PAGE = "træningsplan (40 træninger)"  # measured at 1,000 sessions and at full size
SCALE_FIRST = 1_000
RATIO_TARGET, RATIO_GOAL = 0.3, 0.6  # every signed-in GET page against the ceiling (issue 12)
P95_TARGET_MS = {"postgresql": 50.0, "sqlite": 100.0}

SIZES = {
    "default": (100_000, 1_000_000, 100_000),
    "small": (1_000, 10_000, 1_000),
    "check": (200, 5_000, 200),
}
POOL_PER_SECOND = 1_000  # fresh bookings per second of POSTs (more than this machine can cancel or move)
PLACEHOLDER_REFERENCES = {"case": "TP-XXX-XXX", "complaint": "KL-XXX-XXX", "slot": "1", "booking": "TB-XXX-XXX"}


def page_path(page: Page, references: dict[str, str], booking: str | None = None) -> str:
    return page.path.format(**{**references, "booking": booking or "<booking>"})


def page_form(page: Page, target: int | None = None) -> dict:
    return {key: value.format(target=target) if isinstance(value, str) else value for key, value in page.form.items()}


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
    parser.add_argument("--threads", type=int, default=gunicorn_conf.threads,
                        help="threads per gthread worker (default: portal/gunicorn_conf.py's, as in production)")
    parser.add_argument("--slices", type=int,
                        help="portal and ceiling take turns this many times per page (default: one turn per 2 s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    parser.add_argument("--pages", help="only pages whose name contains one of these comma-separated words "
                                        "(the others are listed as skipped; for trying a change, not for the figures)")
    parser.add_argument("--database", choices=("both", "sqlite", "postgresql"), default="both",
                        help="both (default): SQLite, then PostgreSQL when BENCH_DATABASE_URL is set")
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

def route_exists(app, page: Page, references: dict[str, str] | None = None) -> bool:
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    path = page.path.format(**{**PLACEHOLDER_REFERENCES, **(references or {})})
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
            page, post, key = queries.sign_in_paths(who)
            token = queries.csrf_token(self.http.get(base + page).text)
            answer = self.http.post(base + post, data={"who": key, "csrf_token": token}, allow_redirects=False)
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
    threads: int = 2  # wrk threads; 1 sends a pool strictly in order
    before_slice: object = None  # called with (slice number, piece size) before each slice of a pool


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
                if target.before_slice:
                    target.before_slice(i, size)
            result = load.run(target.url, seconds=seconds / slices, headers=target.headers, pool=pool,
                              threads=target.threads)
            results.append(result)
            drain(target.idle, result.p99_ms)
    return load.combine(runs[0]), load.combine(runs[1])


# -------------------------------------------------------------------- main

@dataclass
class Pool:
    """Objects for one kind of POST, each used once: (booking reference, target slot id or None)."""

    kind: str
    probe: tuple[str, int | None]  # one request before the run, to see the page works
    count: tuple[str, int | None]  # the SQL count through the test client
    rest: list[tuple[str, int | None]]  # for wrk, in order

    @classmethod
    def of(cls, kind: str, items: list) -> "Pool | None":
        if len(items) < 3:
            return None
        if kind == "move":  # in target order: the first two targets are used first
            return cls(kind, items[0], items[1], items[2:])
        return cls(kind, items[-1], items[-2], items[:-2])


@dataclass
class DatabaseRun:
    """What one database's run measured, for the targets at the end."""

    label: str
    kind: str
    rows: list
    live: list
    stage_one_sessions: int = 0
    full_sessions: int = 0
    scale_first: load.Result | None = None
    scale_first_ceiling: load.Result | None = None  # the ceiling beside it, at the page's size
    first_counts: dict = field(default_factory=dict)  # SQL statements per GET page at the first stage
    visit: object = None  # transfer.Visit (first database only)
    floor: "Floor | None" = None

    def scale_shares(self, full: Row) -> tuple[float, float] | None:
        """The schedule page at the full size against the first stage: (requests per second,
        ratio to the ceiling measured beside each), or None when either stage is missing."""
        first, first_ceiling = self.scale_first, self.scale_first_ceiling
        if not (first and first.rps and first_ceiling and first_ceiling.rps and full.portal and full.ceiling
                and full.ceiling.rps):
            return None
        return full.portal.rps / first.rps, (full.portal.rps / full.ceiling.rps) / (first.rps / first_ceiling.rps)


@dataclass
class Floor:
    """bench/floor.py against the ceiling at the size of one signed-in page, and that page's share of it."""

    page: str
    size: int
    floor: load.Result
    ceiling: load.Result
    portal: load.Result

    @property
    def of_ceiling(self) -> float:
        return self.floor.rps / self.ceiling.rps if self.ceiling.rps else 0.0

    @property
    def page_of_floor(self) -> float:
        return self.portal.rps / self.floor.rps if self.floor.rps else 0.0

    def line(self) -> str:
        return (f"floor (bench/floor.py: the ceiling's page after only the sign-in read and one durable read entry, "
                f"as the portal sends them), {self.size:,} bytes as {self.page}: {self.floor.rps:,.0f} req/s, "
                f"{self.of_ceiling:.2f} of the ceiling ({self.ceiling.rps:,.0f} req/s beside it); "
                f"{self.page} reached {self.page_of_floor:.2f} of the floor")


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

    folder = Path(_mkdtemp())  # gunicorn's logs, the metrics directories and the SQLite file
    failures: list[str] = []
    try:
        targets, left_out = database.targets(args.database, folder)
        cores = os.cpu_count() or 1
        threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
        print(f"Træningsportalen bench: {cores} cores; gunicorn {args.workers} {args.worker_class} workers{threads} "
              f"for the portal and for the ceiling; wrk {load.CONNECTIONS} connections, {args.duration:g} s per page "
              f"and server, in {args.slices} turns")
        print(f"databases: {', '.join(t.label for t in targets)}" + (f"; {left_out}" if left_out else ""))
        print(f"data: {args.citizens:,} citizens, {args.sessions:,} sessions, {args.applications:,} applications")
        runs = []
        for target in targets:
            environment = {
                "DATABASE_URL": target.url, "SECRET_KEY": "bench-" + secrets.token_hex(16), "PORTAL_ENV": "development",
                "PORTAL_DEMO": "1", "FLASK_DEBUG": "0",
                # The limiter stays in the path, with limits the load cannot reach.
                "RATELIMIT_SUBMIT": "10000000 per minute", "RATELIMIT_SIGN_IN": "10000 per minute",
            }
            os.environ.update(environment)
            runs.append(_run(args, target, environment, folder, failures, with_transfer=not runs))
        return _report(args, runs, left_out, failures)
    finally:
        if args.keep:
            say(f"kept the SQLite file and the gunicorn logs in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _mkdtemp() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="portal-bench-")


def _run(args, target, environment, folder: Path, failures: list[str], *, with_transfer: bool) -> DatabaseRun:
    from portal import create_app

    from . import database, seed

    app = create_app({"RATELIMIT_ENABLED": False, "REQUEST_LOG": False})  # the served portal logs; this process seeds
    kind = "PostgreSQL" if target.kind == "postgresql" else "SQLite"
    print()
    print(f"== {target.label}")
    print(f"load average before: {_load()} (anything above 0 is another process competing for the cores)")
    if _busy():
        print("WARNING: this machine is busy with other work: the figures below share its cores with it")
    say(f"{kind}: schema …")
    print(database.fresh_schema(app, environment))

    # ---- stage 1: everything but the bulk of the sessions, which start at 1,000
    started = time.monotonic()
    pool_size = int(POOL_PER_SECOND * args.duration) + 10
    first = min(SCALE_FIRST, args.sessions)
    with app.app_context():
        world = seed.new_world()
        say(f"seeding {args.citizens:,} citizens and {args.applications:,} applications …")
        seed.seed_first_stage(world, args.citizens, args.applications, first)
        references = world.references
        stage_one_sessions = seed.count(seed.Booking)
    say(f"  {time.monotonic() - started:.0f} s")

    run = DatabaseRun(kind, target.kind, [], [], stage_one_sessions=stage_one_sessions)
    for page in PAGES:
        row = Row(page.name, page.method, page_path(page, references))
        if not route_exists(app, page, references):
            row.skipped = "route missing"
        elif args.pages and not any(word.strip() in page.name for word in args.pages.split(",")):
            row.skipped = "not in --pages"
        run.rows.append(row)
    run.live = [(page, row) for page, row in zip(PAGES, run.rows) if not row.skipped]
    scale = next(((p, r) for p, r in run.live if p.name == SCALE_PAGE), None)

    # ---- SQL statements per GET page at the first stage, to compare with the full size
    for page, row in run.live:
        if page.method == "GET":
            run.first_counts[page.name], _, _ = queries.count(app, "GET", page_path(page, references), who=page.who)

    slices = args.slices
    common = dict(workers=args.workers, worker_class=args.worker_class, threads=args.threads, log_dir=folder)
    # As in production with several workers (README): Prometheus figures in a directory the workers share.
    metrics_dir = folder / f"prometheus-{target.kind}"
    metrics_dir.mkdir(exist_ok=True)
    portal = servers.start("portal", "portal:create_app()", env={**environment, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
                           config="python:portal.gunicorn_conf", **common)
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

        if scale:
            page, _ = scale
            say(f"{SCALE_PAGE} at {stage_one_sessions:,} sessions …")
            b = browser(page.who)
            answer = b.request("GET", page_path(page, references))
            if answer.status_code != page.expect:
                failures.append(f"{kind}: {page.name} answered {answer.status_code} at {stage_one_sessions:,} "
                                f"sessions, not {page.expect}")
            # Beside the ceiling at the page's size, as at the full size: the two stages lie minutes apart,
            # and what the machine gives in between changes (other work, the disk), not only the data.
            run.scale_first, run.scale_first_ceiling = alternate(
                LoadTarget(portal.url + page_path(page, references), b.headers, portal_idle),
                LoadTarget(f"{ceiling.url}/{len(answer.content)}", {}, f"{ceiling.url}/100"), args.duration, slices)

        # ---- stage 2: grow to the full number of sessions, with the POST pools among them
        started = time.monotonic()
        kinds = {p.pool for p, _ in run.live if p.pool}
        with app.app_context():
            counts = {k: pool_size + 2 if k in kinds else 0 for k in ("cancel", "move")}
            # each POST's booking is a session of its own (a move's free target is a slot without one)
            bulk = max(0, args.sessions - stage_one_sessions - counts["cancel"] - counts["move"])
            say(f"growing to {stage_one_sessions + bulk + sum(counts.values()):,} sessions …")
            seed.seed_sessions(world, bulk)
            cancel_items = [(ref, None) for ref in seed.seed_pool(world, counts["cancel"])]
            move_items = list(seed.seed_move_pool(world, counts["move"]))
            seed.finish()
            run.full_sessions = seed.count(seed.Booking)
        say(f"  {time.monotonic() - started:.0f} s")
        if run.full_sessions != args.sessions:
            print(f"note: {run.full_sessions:,} sessions in the database (the POST pools need "
                  f"{sum(counts.values()):,} of their own)")
        pools = {kind_: Pool.of(kind_, items) for kind_, items in (("cancel", cancel_items), ("move", move_items))}

        def request_of(page: Page, item=None) -> tuple[str, dict]:
            if page.pool is None:
                return page_path(page, references), {}
            ref, target = item
            return page_path(page, references, ref), page_form(page, target)

        # ---- SQL statements per request (Flask test client, in this process)
        for page, row in run.live:
            path, form = request_of(page, pools[page.pool].count if page.pool else None)
            statements, status, _ = queries.count(app, page.method, path, who=page.who, form=form)
            row.queries = statements
            if page.method == "GET":
                row.made_ms = queries.made_ms(app, path, who=page.who)
            if status != page.expect:
                failures.append(f"{kind}: {page.name}: the test client got {status}, not {page.expect}")

        # ---- the quality page's figures at the full size, counted once without its cache
        for page, row in run.live:
            if page.name == quality.QUALITY_PAGE:
                row.note = quality.summary(app)

        # ---- each page: one request to see it works, then portal and ceiling in turn
        for page, row in run.live:
            b = browser(page.who)
            pool = pools[page.pool] if page.pool else None
            path, form = request_of(page, pool.probe if pool else None)
            answer = b.request(page.method, path, form)
            row.size = len(answer.content)
            if answer.status_code != page.expect:
                failures.append(f"{kind}: {page.name} answered {answer.status_code}, not {page.expect}")
                row.note = f"answered {answer.status_code} before the run, not {page.expect}" + (
                    f"; {row.note}" if row.note else "")
            say(f"{kind}, {page.name}: portal and ceiling, {slices} × {args.duration / slices:g} s each …")
            ceiling_target = LoadTarget(f"{ceiling.url}/{row.size}", {}, f"{ceiling.url}/100")
            if pool is None:
                portal_target = LoadTarget(portal.url + path, b.headers, portal_idle)
            else:
                body = urlencode({**page_form(page), "csrf_token": b.token})
                lines = []
                for item in pool.rest:
                    item_path, item_form = request_of(page, item)
                    lines.append(item_path if item[1] is None else
                                 f"{item_path}\t{urlencode({**item_form, 'csrf_token': b.token})}")
                retire = (lambda i, size, items=pool.rest: _retire_unused_targets(app, items[:i * size])) \
                    if pool.kind == "move" else None
                # Moves go strictly in order (one wrk thread), so each target is among the free times offered.
                portal_target = LoadTarget(portal.url + "/", b.headers, portal_idle, pool=(body, lines),
                                           threads=1 if pool.kind == "move" else 2, before_slice=retire)
            row.portal, row.ceiling = alternate(portal_target, ceiling_target, args.duration, slices)
            if pool is not None:
                row.note = _pool_note(app, kind, pool, row.portal, failures)
            for label, result in (("portal", row.portal), ("ceiling", row.ceiling)):
                if not result.ok:
                    failures.append(f"{kind}: {page.name} ({label}): {result.requests} requests, "
                                    f"{result.bad_status} not 2xx/3xx, {result.socket_errors} socket errors")

        # ---- the floor: the ceiling's page after only the statements every signed-in page sends
        run.floor = _measure_floor(app, target, run, browser, ceiling, common, args, failures)

        if with_transfer:
            say("first and repeat visit …")
            run.visit = transfer.measure(portal.url, "/")
    finally:
        portal.stop()
        ceiling.stop()
        with app.app_context():
            from portal.extensions import db

            db.session.remove()
            db.engine.dispose()

    print(report.table(run.rows))
    if run.floor is not None:
        print(run.floor.line())
    shares = run.scale_shares(scale[1]) if scale else None
    if shares:
        first, first_ceiling, full = run.scale_first, run.scale_first_ceiling, scale[1]
        print(f"{SCALE_PAGE}: {first.rps:,.1f} req/s with {stage_one_sessions:,} sessions in the database "
              f"({first.rps / first_ceiling.rps:.2f} of the ceiling beside it, {first_ceiling.rps:,.1f} req/s), "
              f"{full.portal.rps:,.1f} req/s with {run.full_sessions:,} ({full.ratio:.2f} of the ceiling beside it, "
              f"{full.ceiling.rps:,.1f} req/s): {shares[0]:.0%} of the requests per second, "
              f"{shares[1]:.0%} of the ratio")
    elif not scale:
        print(f"SKIPPED {SCALE_PAGE} at {SCALE_FIRST:,} and {args.sessions:,} sessions — skipped (route missing)")
    return run


def _report(args, runs: list[DatabaseRun], left_out: str | None, failures: list[str]) -> int:
    print()
    visit = runs[0].visit if runs else None
    if visit is not None:
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

    print()
    print("targets (issue 12):")
    ratios = []
    for run in runs:
        gets = [(page, row) for page, row in run.live if page.method == "GET" and row.portal]
        ratios += [row.ratio for _, row in gets if row.ratio is not None]
        signed = [(page, row) for page, row in gets if page.signed_in and row.ratio is not None]
        if signed:
            page, row = min(signed, key=lambda pr: pr[1].ratio)
            reached = f"lowest {row.ratio:.2f} ({page.name})"
            _target(f"{run.label}: every signed-in GET page ≥ {RATIO_TARGET:g} of the ceiling", reached,
                    row.ratio >= RATIO_TARGET)
            _target(f"{run.label}: goal, every signed-in GET page ≥ {RATIO_GOAL:g} of the ceiling", reached,
                    row.ratio >= RATIO_GOAL)
        else:
            failures.append(f"{run.label}: no signed-in GET page was measured")
        if gets:
            limit = P95_TARGET_MS[run.kind]
            page, row = max(gets, key=lambda pr: pr[1].portal.p95_ms)
            _target(f"{run.label}: p95 ≤ {limit:g} ms at {load.CONNECTIONS} connections on every GET page",
                    f"worst {row.portal.p95_ms:,.0f} ms ({page.name})", row.portal.p95_ms <= limit)
        scale = next((row for page, row in run.live if page.name == SCALE_PAGE), None)
        shares = run.scale_shares(scale) if scale else None
        if shares:
            by_rate, by_ratio = shares
            _target(f"{run.label}: {SCALE_PAGE} at {run.full_sessions:,} sessions within 10 % of "
                    f"{run.stage_one_sessions:,} (each against the ceiling measured beside it)",
                    f"{by_ratio:.0%} (requests per second alone: {by_rate:.0%})", by_ratio >= 0.9)
        else:
            print(f"  {run.label}: {SCALE_PAGE} at {SCALE_FIRST:,} and {args.sessions:,} sessions: not measured")
        changed = [f"{page.name} {run.first_counts[page.name]} → {row.queries}" for page, row in run.live
                   if page.method == "GET" and page.name in run.first_counts and row.queries != run.first_counts[page.name]]
        _target(f"{run.label}: SQL statements per GET page the same at {run.stage_one_sessions:,} and "
                f"{run.full_sessions:,} sessions", "; ".join(changed) if changed else "every page", not changed)
    if left_out:
        print(f"  {left_out}")
    print("  SQL statements per page constant with more citizens and cases too: tests/web/test_query_counts.py")
    if visit is not None:
        _target("first visit ≤ 200 KB", kb(visit.first), visit.first <= 200 * 1024)
        _target("repeat visit ≤ 20 KB", kb(visit.repeat), visit.repeat <= 20 * 1024)

    ratio = min(ratios) if ratios else float("nan")
    if not ratios:
        failures.append("no GET page was measured, so there is no ratio")
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


def _measure_floor(app, target, run: DatabaseRun, browser, ceiling, common: dict, args,
                   failures: list[str]) -> "Floor | None":
    """The floor beside the ceiling, at the size of the first signed-in GET page measured, for its session."""
    measured = [(page, row) for page, row in run.live if page.method == "GET" and page.signed_in and row.portal]
    if not measured:
        return None
    page, row = measured[0]
    b = browser(page.who)
    cookie = b.http.cookies.get(app.session_interface.get_cookie_name(app))
    token = app.session_interface.get_signing_serializer(app).loads(cookie).get("sid") if cookie else None
    if not token:
        failures.append(f"{run.label}: the floor found no sign-in in the bench's session for {page.name}")
        return None
    say(f"{run.label}: the floor beside the ceiling at {page.name}'s size …")
    floor = servers.start("floor", "bench.floor:app", env={"FLOOR_DATABASE_URL": target.url, "FLOOR_TOKEN": token},
                          probe="/idle", **common)
    try:
        floor_result, ceiling_result = alternate(LoadTarget(f"{floor.url}/{row.size}", {}, f"{floor.url}/idle"),
                                                 LoadTarget(f"{ceiling.url}/{row.size}", {}, f"{ceiling.url}/100"),
                                                 args.duration, args.slices)
    finally:
        floor.stop()
    for label, result in (("floor", floor_result), ("ceiling beside the floor", ceiling_result)):
        if not result.ok:
            failures.append(f"{run.label}: {label}: {result.requests} requests, {result.bad_status} not 2xx/3xx, "
                            f"{result.socket_errors} socket errors")
    return Floor(page.name, row.size, floor_result, ceiling_result, row.portal)


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


def _retire_unused_targets(app, items: list) -> None:
    """Before the next slice of moves: free targets the earlier slices did not
    reach are taken off the list of free times (cancelled), so the next
    slice's targets are again among the first the move page offers."""
    from sqlalchemy import update

    from portal import clock
    from portal.extensions import db
    from portal.schedule.models import Slot

    targets = [target for _, target in items if target is not None]
    with app.app_context():
        for i in range(0, len(targets), 5000):
            db.session.execute(update(Slot).where(Slot.id.in_(targets[i:i + 5000]), Slot.booked == 0)
                               .values(cancelled_at=clock.now()))
        db.session.commit()


def _pool_note(app, kind: str, pool: Pool, result: load.Result, failures: list[str]) -> str:
    """POSTs are only real if each changed a booking: count them in the database."""
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.schedule.models import CANCELLED, MOVED, Booking

    status, done = (CANCELLED, "cancelled") if pool.kind == "cancel" else (MOVED, "moved")
    references = [ref for ref, _ in pool.rest]
    with app.app_context():
        changed = 0
        for i in range(0, len(references), 5000):
            changed += db.session.scalar(select(func.count()).select_from(Booking).where(
                Booking.reference.in_(references[i:i + 5000]), Booking.status == status))
    name = "afbud" if pool.kind == "cancel" else "flyt"
    note = f"{changed:,} bookings {done} by {result.requests:,} answered POSTs ({result.issued:,} sent)"
    if result.exhausted:
        note += f"; the pool ran out: {result.exhausted:,} POSTs repeated a used booking"
        failures.append(f"{kind}: the {name} pool ran out ({result.exhausted:,} repeats): raise POOL_PER_SECOND")
    if not (result.requests <= changed <= (result.issued or changed)):
        failures.append(f"{kind}: {name}: {changed:,} bookings {done}, but {result.requests:,} POSTs were answered")
    return note


if __name__ == "__main__":
    sys.exit(main())
