"""Drive a server with wrk and read back what the Lua scripts report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONNECTIONS = 16


class WrkMissing(RuntimeError):
    pass


def ensure_wrk() -> str:
    """wrk (Debian package `wrk`); installed with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing the Debian package wrk with apt-get …", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
        if found:
            return found
    raise WrkMissing(
        "the bench needs the load generator wrk: install it with `sudo apt-get install wrk` "
        "(Debian/Ubuntu) or `brew install wrk` (macOS), then run make bench again"
    )


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bad_status: int  # responses outside 2xx/3xx
    socket_errors: int
    issued: int | None = None  # pool scripts: requests generated
    exhausted: int | None = None  # pool scripts: requests that had no fresh path left
    quantiles_ms: tuple[float, ...] = ()  # at 0.5 %, 1 %, … 99.5 %, 99.9 %: for combine()

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.requests > 0 and self.bad_status == 0 and self.socket_errors == 0


def run(url: str, *, seconds: float, headers: dict[str, str] | None = None,
        pool: tuple[str, list[str]] | None = None, connections: int = CONNECTIONS, threads: int = 2) -> Result:
    """wrk against `url` for `seconds`. `pool`: (form body, [path, …]) for POSTs
    that each need a fresh object; a path may carry its own body after a tab
    ("path\tbody"). With threads=1 the pool is sent strictly in order."""
    wrk = ensure_wrk()
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    pool_file = None
    if pool is None:
        command += ["-s", str(HERE / "wrk_get.lua"), url]
    else:
        body, paths = pool
        pool_file = tempfile.NamedTemporaryFile("w", suffix=".pool", delete=False)
        pool_file.write(body + "\n" + "\n".join(paths) + "\n")
        pool_file.close()
        command += ["-H", "Content-Type: application/x-www-form-urlencoded",
                    "-s", str(HERE / "wrk_pool.lua"), url, "--", pool_file.name, str(threads)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        if pool_file is not None:
            os.unlink(pool_file.name)
    line = next((l for l in done.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(line[len("BENCH_JSON "):])
    return Result(
        requests=data["requests"], seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000, p95_ms=data["p95_us"] / 1000, p99_ms=data["p99_us"] / 1000,
        bad_status=data["bad_status"],
        socket_errors=data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"],
        issued=data.get("issued"), exhausted=data.get("exhausted"),
        quantiles_ms=tuple(q / 1000 for q in data.get("quantiles_us", [])),
    )


_QUANTILE_AT = [i / 2 for i in range(1, 200)] + [99.9]


def combine(results: list[Result]) -> Result:
    """Several short runs of the same page as one: counts and time add up;
    p50/p95/p99 come from each run's quantiles, weighted by its requests
    (exact for a single run, within half a percentile for several)."""
    if len(results) == 1:
        return results[0]
    points = []  # (latency, weight)
    for r in results:
        if r.requests and r.quantiles_ms:
            # quantile k stands for the requests between its neighbours
            edges = [0.0] + [(a + b) / 2 for a, b in zip(_QUANTILE_AT, _QUANTILE_AT[1:])] + [100.0]
            for k, value in enumerate(r.quantiles_ms):
                points.append((value, r.requests * (edges[k + 1] - edges[k]) / 100))
    points.sort()
    total = sum(w for _, w in points)

    def at(p: float) -> float:
        if not points:
            return 0.0
        running = 0.0
        for value, weight in points:
            running += weight
            if running >= total * p / 100:
                return value
        return points[-1][0]

    def add(name):
        values = [getattr(r, name) for r in results]
        return None if any(v is None for v in values) else sum(values)

    return Result(
        requests=sum(r.requests for r in results), seconds=sum(r.seconds for r in results),
        p50_ms=at(50), p95_ms=at(95), p99_ms=at(99),
        bad_status=sum(r.bad_status for r in results), socket_errors=sum(r.socket_errors for r in results),
        issued=add("issued"), exhausted=add("exhausted"), quantiles_ms=(),
    )
