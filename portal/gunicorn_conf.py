"""gunicorn's settings and hooks for the portal: `gunicorn -c python:portal.gunicorn_conf 'portal:create_app()'`.

One process per core (WEB_CONCURRENCY to change it), each a gthread worker
with one thread (PORTAL_THREADS): the pages are Python work, and threads in
one process share Python's interpreter lock, which every database call gives
up and must win back. With four threads the bench served the same signed-in
page two to three times slower than with one: each thread that came back
from SQLite or PostgreSQL waited for the lock, and on SQLite a thread that
waited while it held the database's write lock made every writer in the
other processes sleep in SQLite's busy handler. gthread rather than sync so
that browsers keep their connections (keep-alive) behind a proxy or without.

With several workers, Prometheus metrics are only right when every worker
writes its figures to the directory in PROMETHEUS_MULTIPROC_DIR (see
portal/observability.py). These hooks keep that directory honest: emptied
when gunicorn starts (figures from an earlier run would be added to this
one's), and a worker that exits is marked dead, so its live gauges go away
while its counts stay in the totals.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS") or 1)
keepalive = 5


def on_starting(server) -> None:
    directory = os.environ.get(VARIABLE)
    if not directory:
        return
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


def child_exit(server, worker) -> None:
    if os.environ.get(VARIABLE):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
