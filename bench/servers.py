"""gunicorn for the portal and for the ceiling app, on free local ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # gunicorn's own group: the arbiter and its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start(name: str, app: str, *, workers: int, worker_class: str, threads: int, env: dict[str, str],
          log_dir: Path, probe: str = "/", config: str | None = None) -> Server:
    port = free_port()
    log = log_dir / f"{name}.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")), app,
        *(["--config", config] if config else []),
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", worker_class,
        "--threads", str(threads), "--keep-alive", "5", "--backlog", "2048",
        "--error-logfile", str(log), "--log-level", "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(name, process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} (gunicorn) stopped at start:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + probe, timeout=5) as response:
                if response.status < 500:
                    return server
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} (gunicorn) did not answer within 60 s:\n{server.log_tail()}")
