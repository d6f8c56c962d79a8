"""gunicorn's hooks for the portal: `gunicorn -c python:portal.gunicorn_conf 'portal:create_app()'`.

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
