"""Imports every capability's models so Alembic and the app see one metadata."""

import importlib

from portal.auth.models import AuditEntry, Grant, LoginSession, Person, StaffMember  # noqa: F401
from portal.cases.models import Case  # noqa: F401

# Capabilities whose models.py may exist; each is imported if present.
for _package in ("apply", "schedule", "complaints", "outbox", "staff"):
    try:
        importlib.import_module(f"portal.{_package}.models")
    except ModuleNotFoundError as error:
        if error.name != f"portal.{_package}.models":
            raise
