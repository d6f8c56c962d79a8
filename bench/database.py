"""A fresh schema for the bench: the project's migrations (`flask db upgrade`),
or create_all when the migrations lag behind the models, which is said."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Target:
    url: str  # as given (postgresql://… or sqlite:///…)
    kind: str  # "postgresql" | "sqlite"
    temporary_dir: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite (temporary file {self.url.removeprefix('sqlite:///')})"
        from sqlalchemy.engine import make_url

        return f"PostgreSQL ({make_url(self.url).render_as_string(hide_password=True)})"


def _postgres_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if url and not url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        raise SystemExit(f"BENCH_DATABASE_URL must be a PostgreSQL URL (postgresql://…), not {url.split(':')[0]}://…")
    return url


def target_from_environment() -> Target:
    """One database: PostgreSQL when BENCH_DATABASE_URL is set, else a temporary SQLite file."""
    url = _postgres_url()
    if url:
        return Target(url, "postgresql")
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    return Target(f"sqlite:///{Path(folder) / 'bench.db'}", "sqlite", folder)


def targets(which: str, folder: Path) -> tuple[list[Target], str | None]:
    """The databases of one run, and why one is left out (or None).

    which: "both" (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set),
    "sqlite" or "postgresql". The SQLite file goes in `folder`."""
    url = _postgres_url()
    sqlite = Target(f"sqlite:///{folder / 'bench.db'}", "sqlite", str(folder))
    if which == "sqlite":
        return [sqlite], None
    if which == "postgresql":
        if not url:
            raise SystemExit("--database postgresql needs BENCH_DATABASE_URL=postgresql://… (its schema is dropped!)")
        return [Target(url, "postgresql")], None
    if url:
        return [sqlite, Target(url, "postgresql")], None
    return [sqlite], "PostgreSQL: not measured (set BENCH_DATABASE_URL=postgresql://… to measure it in the same run)"


def _drop_everything(db) -> None:
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with engine.begin() as connection:
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}"'))


def _differences(db) -> list:
    """What Alembic's autogenerate would still change: [] when the migrations match the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False, "render_as_batch": True})
        diffs = compare_metadata(context, db.metadata)
    return diffs


def _describe(diff) -> str:
    if isinstance(diff, tuple) and diff:
        kind = diff[0]
        if kind in ("add_column", "remove_column"):
            return f"{kind} {diff[2]}.{diff[3].name}"
        if kind in ("add_table", "remove_table"):
            return f"{kind} {diff[1].name}"
        if kind in ("add_index", "remove_index"):
            return f"{kind} {diff[1].name}"
        return kind
    if isinstance(diff, list) and diff:
        return _describe(diff[0])
    return str(diff)[:60]


def fresh_schema(app, environment: dict[str, str]) -> str:
    """Drop everything, then `flask db upgrade` (run as the command, output kept
    unless it fails); returns one line that says how the schema was made."""
    from portal.extensions import db

    with app.app_context():
        _drop_everything(db)
        db.engine.dispose()
        flask = Path(sys.executable).with_name("flask")
        done = subprocess.run([str(flask), "--app", "portal", "db", "upgrade"], capture_output=True, text=True,
                              env={**os.environ, **environment}, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"flask db upgrade failed:\n{done.stderr.strip()}")
        diffs = _differences(db)
        if not diffs:
            return "schema: flask db upgrade (migrations match the models)"
        shown = ", ".join(_describe(d) for d in diffs[:6]) + (" …" if len(diffs) > 6 else "")
        db.session.remove()
        _drop_everything(db)
        db.create_all()
        return (f"schema: create_all — the migrations lag behind the models ({len(diffs)} "
                f"difference{'s' if len(diffs) != 1 else ''}: {shown}); regenerate them with flask db migrate")
