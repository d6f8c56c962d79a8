"""Where a page's time goes: `python -m bench.profile [--page NAME] [--requests N]`.

Seeds a temporary SQLite database (or BENCH_DATABASE_URL) like the bench,
then for each page of bench.PAGES issues N requests through the Flask test
client under pyinstrument (`pip install pyinstrument` in the venv: a tool for
measuring, not a project dependency; without it, the standard library's
cProfile, whose figures run higher), and lists the slowest SQL statements.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import time
from collections import defaultdict

from sqlalchemy import event


class _CProfiler:
    """cProfile behind pyinstrument's few methods used here, for a venv without pyinstrument."""

    def __init__(self, interval: float = 0.0):
        import cProfile

        self._profile = cProfile.Profile()

    def __enter__(self):
        self._profile.enable()
        return self

    def __exit__(self, *exc):
        self._profile.disable()

    def output_text(self, **_options) -> str:
        import io
        import pstats

        out = io.StringIO()
        stats = pstats.Stats(self._profile, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--page", help="only pages whose name contains this (several: comma-separated)")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = _CProfiler

    from .__main__ import PAGES, page_form, page_path, route_exists
    from . import database, queries, seed

    target = database.target_from_environment()
    environment = {"DATABASE_URL": target.url, "SECRET_KEY": secrets.token_hex(16), "PORTAL_DEMO": "1",
                   "PORTAL_ENV": "development", "RATELIMIT_ENABLED": "0"}
    os.environ.update(environment)
    from portal import create_app, side

    app = create_app({"REQUEST_LOG": False})
    try:
        print(database.fresh_schema(app, environment))
        with app.app_context():
            world = seed.new_world()
            seed.seed_first_stage(world, args.citizens, args.applications, min(1_000, args.sessions))
            pools = {"cancel": [(ref, None) for ref in seed.seed_pool(world, args.requests + 5)],
                     "move": seed.seed_move_pool(world, args.requests + 5)}
            seed.seed_sessions(world, args.sessions - seed.count(seed.Booking))
            seed.finish()
        references = world.references
        for page in PAGES:
            if args.page and not any(part in page.name for part in args.page.split(",")):
                continue
            if not route_exists(app, page, references):
                print(f"\n== {page.name}: skipped (route missing)")
                continue
            client = app.test_client()
            if page.who:
                queries.sign_in(client, page.who)
            items = iter(pools.get(page.pool, []))
            token = queries.token_for(client, page_path(page, references, pools[page.pool][-1][0]) if page.pool
                                      else page_path(page, references))

            def one():
                if page.pool:  # moves in target order, so each target is among the free times offered
                    ref, target = next(items)
                    path, form = page_path(page, references, ref), page_form(page, target)
                else:
                    path, form = page_path(page, references), {}
                data = {**form, "csrf_token": token} if page.method == "POST" else None
                return client.open(path, method=page.method, data=data)

            plain = ""
            if page.method == "GET":
                one()
                spent = []
                for _ in range(args.requests):
                    began = time.perf_counter()
                    one()
                    spent.append(time.perf_counter() - began)
                plain = (f"unprofiled {statistics.median(spent) * 1000:.1f} ms median, "
                         f"{min(spent) * 1000:.1f} ms fastest; profiled ")
            times: dict[str, list[float]] = defaultdict(list)
            starts: dict[int, float] = {}

            def before(conn, cursor, statement, parameters, context, executemany):
                starts[id(cursor)] = time.perf_counter()

            def after(conn, cursor, statement, parameters, context, executemany):
                times[" ".join(statement.split())[:160]].append(time.perf_counter() - starts.pop(id(cursor), 0))

            with app.app_context():
                engines = side.engines()
            for engine in engines:
                event.listen(engine, "before_cursor_execute", before)
                event.listen(engine, "after_cursor_execute", after)
            profiler = Profiler(interval=0.0005)
            began = time.perf_counter()
            with profiler:
                for _ in range(args.requests):
                    status = one().status_code
            elapsed = time.perf_counter() - began
            for engine in engines:
                event.remove(engine, "before_cursor_execute", before)
                event.remove(engine, "after_cursor_execute", after)
            sql = sum(sum(v) for v in times.values())
            print(f"\n== {page.name} ({page.method} {page.path}): {plain}{elapsed / args.requests * 1000:.1f} ms a request "
                  f"(status {status}), of which SQL {sql / args.requests * 1000:.1f} ms in "
                  f"{sum(len(v) for v in times.values()) / args.requests:.0f} statements")
            for statement, spent in sorted(times.items(), key=lambda kv: -sum(kv[1]))[:6]:
                print(f"   {sum(spent) / args.requests * 1000:6.2f} ms  {len(spent) / args.requests:5.1f}×  {statement}")
            print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=True)[:12000])
    finally:
        if target.temporary_dir:
            shutil.rmtree(target.temporary_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
